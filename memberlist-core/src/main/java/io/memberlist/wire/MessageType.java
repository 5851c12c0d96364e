package io.memberlist.wire;

/**
 * The message type byte that starts every memberlist message.
 *
 * <p>WARNING: ONLY APPEND. The numeric codes are part of the protocol itself (Go's {@code net.go}).
 */
public enum MessageType {
    PING(0),
    INDIRECT_PING(1),
    ACK_RESP(2),
    SUSPECT(3),
    ALIVE(4),
    DEAD(5),
    PUSH_PULL(6),
    COMPOUND(7),
    USER(8),
    COMPRESS(9),
    ENCRYPT(10),
    NACK_RESP(11),
    HAS_CRC(12),
    ERR(13),
    /** Label header (memberlist v0.3.0+); never a message of its own. */
    HAS_LABEL(244);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The byte on the wire. */
    public int code() {
        return code;
    }

    /** The type for a wire byte, or {@code null} when the byte names no known type. */
    public static MessageType fromCode(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }
}
