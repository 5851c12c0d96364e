package io.memberlist;

/**
 * Something the application may want to hear about, produced by the protocol machine and delivered to
 * the delegates off the network thread, in order.
 */
public sealed interface MembershipEvent {

    /** A node became alive: new, or back from dead or left ({@code EventDelegate.notifyJoin}). */
    record Joined(Node node) implements MembershipEvent {
    }

    /** A node was declared dead, or left ({@code EventDelegate.notifyLeave}); see {@link Node#state()}. */
    record Left(Node node) implements MembershipEvent {
    }

    /**
     * A node became suspect: a probe failed here, or another member's suspicion was accepted. Memberlist's
     * {@code EventDelegate} has no such call; it feeds metrics and the simulator's false-alarm counts.
     */
    record Suspected(Node node) implements MembershipEvent {
    }

    /** A live node changed its meta ({@code EventDelegate.notifyUpdate}). */
    record Updated(Node node) implements MembershipEvent {
    }

    /** Another node claims {@code existing}'s name from a different address ({@code ConflictDelegate}). */
    record Conflict(Node existing, Node other) implements MembershipEvent {
    }

    /** A push/pull brought the peer's user state ({@code Delegate.mergeRemoteState}). */
    record RemoteState(byte[] userState, boolean join) implements MembershipEvent {
    }

    /** A direct probe of {@code node} was acked after {@code rttNanos} ({@code PingDelegate}). */
    record PingComplete(Node node, long rttNanos, byte[] payload) implements MembershipEvent {
    }
}
