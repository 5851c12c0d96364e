package io.memberlist.protocol;

import io.memberlist.wire.Address;
import io.memberlist.wire.Alive;

/**
 * The local node's identity and its incarnation counter (Go's {@code m.incarnation}), kept apart from its
 * member record: refuting bumps the counter past whatever incarnation it was accused at.
 */
final class LocalNode {
    final String name;
    final Address address;
    final byte[] versions;
    private byte[] meta;
    private long incarnation;
    private boolean leaving;

    LocalNode(String name, Address address, byte[] meta, byte[] versions, long incarnation) {
        this.name = name;
        this.address = address;
        this.meta = meta;
        this.versions = versions;
        this.incarnation = incarnation;
    }

    /** Next incarnation to claim; incarnations are uint32 on the wire and wrap like Go's. */
    long nextIncarnation() {
        incarnation = (incarnation + 1) & 0xFFFF_FFFFL;
        return incarnation;
    }

    /** Jumps the counter by {@code offset} (refuting an accusation at a higher incarnation). */
    long skipIncarnation(long offset) {
        incarnation = (incarnation + offset) & 0xFFFF_FFFFL;
        return incarnation;
    }

    byte[] meta() {
        return meta;
    }

    void meta(byte[] newMeta) {
        meta = newMeta;
    }

    boolean leaving() {
        return leaving;
    }

    void markLeaving() {
        leaving = true;
    }

    /** An alive message claiming this node at {@code inc}, with its current address, meta and versions. */
    Alive aliveAt(long inc) {
        return new Alive(inc, name, address.ip(), address.port(), meta, versions);
    }
}
