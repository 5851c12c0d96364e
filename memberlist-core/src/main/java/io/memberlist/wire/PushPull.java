package io.memberlist.wire;

import java.util.List;

/**
 * A push/pull stream body: the {@code pushPullHeader} ({@code join}, node count, user state length), every
 * node the sender knows (itself, suspects, dead and left included) and the delegate's opaque user state.
 */
public record PushPull(boolean join, List<PushNodeState> nodes, byte[] userState) implements Message {
    public PushPull {
        nodes = List.copyOf(nodes);
    }

    @Override
    public MessageType type() {
        return MessageType.PUSH_PULL;
    }
}
