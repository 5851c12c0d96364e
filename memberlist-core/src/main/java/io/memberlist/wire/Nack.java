package io.memberlist.wire;

/** {@code nackResp}: a relay tells the prober it got no ack from the target in time (Lifeguard). */
public record Nack(long seqNo) implements Message {
    @Override
    public MessageType type() {
        return MessageType.NACK_RESP;
    }
}
