package io.memberlist.wire;

/**
 * {@code dead}: {@code from} declares {@code node} dead at {@code incarnation}. When {@code node} equals
 * {@code from} the node left voluntarily, and receivers mark it left rather than dead.
 */
public record Dead(long incarnation, String node, String from) implements Message {
    /** Whether this is a node announcing its own graceful leave. */
    public boolean isLeave() {
        return node.equals(from);
    }

    @Override
    public MessageType type() {
        return MessageType.DEAD;
    }
}
