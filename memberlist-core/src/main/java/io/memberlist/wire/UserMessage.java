package io.memberlist.wire;

/** A user message: opaque bytes for {@code Delegate.notifyMsg} (type 8; on streams with a length header). */
public record UserMessage(byte[] payload) implements Message {
    @Override
    public MessageType type() {
        return MessageType.USER;
    }
}
