package io.memberlist.delegate;

import io.memberlist.Node;

/** Membership change notifications (Go's {@code EventDelegate}); delivered in order, never concurrently. */
public interface EventDelegate {

    /** A node became alive: it is new, or came back from dead or left. */
    default void notifyJoin(Node node) {
    }

    /** A node was declared dead or left gracefully; {@link Node#state()} tells which. */
    default void notifyLeave(Node node) {
    }

    /** A live node changed its meta. */
    default void notifyUpdate(Node node) {
    }
}
