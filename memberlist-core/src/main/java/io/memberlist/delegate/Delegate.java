package io.memberlist.delegate;

import java.util.List;

/**
 * The application's hooks into memberlist's data paths (Go's {@code Delegate}). Implement only what you
 * need. Calls never happen on the network thread, and never concurrently.
 */
public interface Delegate {

    /** Meta to advertise for the local node, at most {@code limit} (512) bytes; read at start and on update. */
    default byte[] nodeMeta(int limit) {
        return new byte[0];
    }

    /** A user message arrived (UDP, TCP or gossiped broadcast). The array is the receiver's to keep. */
    default void notifyMsg(byte[] message) {
    }

    /**
     * Broadcasts to piggyback on gossip, pings and acks: as many as fit in {@code limit} bytes, counting
     * {@code overhead} extra bytes per message. Asked about once per packet that piggybacks and once per gossip
     * round, as Go asks; {@code limit} is the room a packet has after compound, CRC, encryption and label
     * overhead. Each message returned goes out once; one larger than {@code limit - overhead} fits no packet:
     * it is dropped, logged and counted in {@code Stats.userBroadcastsRefused}.
     */
    default List<byte[]> getBroadcasts(int overhead, int limit) {
        return List.of();
    }

    /** Opaque state sent to a peer in a push/pull; {@code join} when the exchange is part of a join. */
    default byte[] localState(boolean join) {
        return new byte[0];
    }

    /** The peer's state from a push/pull that was merged. */
    default void mergeRemoteState(byte[] state, boolean join) {
    }
}
