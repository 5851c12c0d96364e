package io.memberlist.wire;

/**
 * {@code indirectPingReq}: asks a relay to ping {@code target:port} (named {@code node}) on the prober's
 * behalf, forwarding any ack under the prober's {@code seqNo}; with {@code nack} the relay answers with a
 * nack when the target stays silent for a probe timeout.
 */
public record IndirectPing(long seqNo, byte[] target, int port, String node, boolean nack,
                           byte[] sourceAddr, int sourcePort, String sourceNode) implements Message {
    public IndirectPing {
        node = node == null ? "" : node;
        sourceNode = sourceNode == null ? "" : sourceNode;
    }

    @Override
    public MessageType type() {
        return MessageType.INDIRECT_PING;
    }
}
