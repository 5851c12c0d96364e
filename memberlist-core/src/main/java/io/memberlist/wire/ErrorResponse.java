package io.memberlist.wire;

/** {@code errResp}: a stream responder explains why it could not serve the request. */
public record ErrorResponse(String error) implements Message {
    @Override
    public MessageType type() {
        return MessageType.ERR;
    }
}
