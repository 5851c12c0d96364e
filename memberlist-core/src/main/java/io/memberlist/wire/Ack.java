package io.memberlist.wire;

/** {@code ackResp}: answers a ping; {@code payload} comes from the responder's ping delegate (often null). */
public record Ack(long seqNo, byte[] payload) implements Message {
    @Override
    public MessageType type() {
        return MessageType.ACK_RESP;
    }
}
