package io.memberlist.wire;

/**
 * {@code ping}: a direct probe. {@code node} names the intended recipient (a receiver with another name
 * drops it); the {@code source*} fields say where the ack should go (omitted on the wire when empty).
 */
public record Ping(long seqNo, String node, byte[] sourceAddr, int sourcePort, String sourceNode) implements Message {
    public Ping {
        node = node == null ? "" : node;
        sourceNode = sourceNode == null ? "" : sourceNode;
    }

    /** A ping that asks for the ack to be sent back to {@code source}. */
    public static Ping of(long seqNo, String target, Address source, String sourceNode) {
        return new Ping(seqNo, target, source.ip(), source.port(), sourceNode);
    }

    @Override
    public MessageType type() {
        return MessageType.PING;
    }
}
