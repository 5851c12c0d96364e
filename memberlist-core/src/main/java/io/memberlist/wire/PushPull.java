package io.memberlist.wire;

import java.util.List;

/**
 * A push/pull stream body: the {@code pushPullHeader} ({@code join}, node count, user state length), every
 * node the sender knows (itself, suspects, dead and left included) and the delegate's opaque user state.
 */
public record PushPull(boolean join, List<PushNodeState> nodes, byte[] userState) implements Message {
    public PushPull {
        // A list that promises it never changes is kept as it is: a simulator's push/pulls share one
        // converged view of 100,000 states, and a copy per push/pull made large simulations quadratic.
        nodes = nodes instanceof SharedStates ? nodes : List.copyOf(nodes);
    }

    /**
     * A list of states that never changes (neither the list nor its elements), so a push/pull may hold it
     * without a copy. Implementations must be immutable; the wire codec reads them like any list.
     */
    public interface SharedStates extends List<PushNodeState> {
    }

    @Override
    public MessageType type() {
        return MessageType.PUSH_PULL;
    }
}
