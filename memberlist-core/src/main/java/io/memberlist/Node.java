package io.memberlist;

import io.memberlist.wire.Address;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable snapshot of one member as some node sees it: name, address, meta, state, incarnation
 * and the advertised protocol versions. Equal when every field is equal.
 */
public final class Node {
    private final String name;
    private final Address address;
    private final byte[] meta;
    private final NodeState state;
    private final long incarnation;
    private final byte[] vsn;

    /**
     * @param vsn the six version bytes {@code [pmin, pmax, pcur, dmin, dmax, dcur]}
     */
    public Node(String name, Address address, byte[] meta, NodeState state, long incarnation, byte[] vsn) {
        this.name = Objects.requireNonNull(name, "name");
        this.address = Objects.requireNonNull(address, "address");
        this.meta = meta == null ? new byte[0] : meta.clone();
        this.state = Objects.requireNonNull(state, "state");
        this.incarnation = incarnation;
        this.vsn = vsn == null ? new byte[6] : Arrays.copyOf(vsn, 6);
    }

    public String name() {
        return name;
    }

    public Address address() {
        return address;
    }

    /** The advertised port, same as {@code address().port()}. */
    public int port() {
        return address.port();
    }

    /** A copy of the node's meta (at most 512 bytes, application-defined). */
    public byte[] meta() {
        return meta.clone();
    }

    public NodeState state() {
        return state;
    }

    /** The incarnation number (0..2^32-1) the node last claimed or was accused at. */
    public long incarnation() {
        return incarnation;
    }

    /** Lowest memberlist protocol version the node understands. */
    public int protocolMin() {
        return vsn[0] & 0xFF;
    }

    /** Highest memberlist protocol version the node understands. */
    public int protocolMax() {
        return vsn[1] & 0xFF;
    }

    /** The memberlist protocol version the node speaks. */
    public int protocolCurrent() {
        return vsn[2] & 0xFF;
    }

    /** Lowest delegate (application) protocol version the node understands. */
    public int delegateMin() {
        return vsn[3] & 0xFF;
    }

    /** Highest delegate (application) protocol version the node understands. */
    public int delegateMax() {
        return vsn[4] & 0xFF;
    }

    /** The delegate (application) protocol version the node speaks. */
    public int delegateCurrent() {
        return vsn[5] & 0xFF;
    }

    /** A copy of the six version bytes as they travel in {@code alive} messages. */
    public byte[] versions() {
        return vsn.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node n && n.name.equals(name) && n.address.equals(address) && n.state == state
                && n.incarnation == incarnation && Arrays.equals(n.meta, meta) && Arrays.equals(n.vsn, vsn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, address, state, incarnation);
    }

    @Override
    public String toString() {
        return name + "@" + address + " " + state + " inc=" + incarnation;
    }
}
