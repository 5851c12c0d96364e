package io.memberlist.wire;

/**
 * Input bytes that the codec cannot turn into messages: truncated, malformed, out of range or over a
 * {@link WireLimits limit}. The only exception the decoders throw on bad input, whatever the bytes;
 * callers drop the packet or stream and count the {@link #reason()}.
 *
 * <p>Checked on purpose: remote input is expected to be bad sometimes, and every caller must decide
 * what dropping means for it (the architecture forbids throwing it on to a user's thread).
 */
public final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why input was rejected; stable enough to use as a metrics tag. */
    public enum Reason {
        /** The input ended before the value it announced. On streams: more bytes may yet arrive. */
        TRUNCATED,
        /** A msgpack value of a family the Go field cannot take (e.g. a map where a string belongs). */
        WRONG_TYPE,
        /** An integer that is negative or wider than its Go field (e.g. a port over 65535). */
        OUT_OF_RANGE,
        /** A declared count or size, or the decompressed size, over a {@link WireLimits} limit. */
        TOO_LARGE,
        /** A message type byte that is unknown or not allowed at this place. */
        UNEXPECTED_TYPE,
        /** The CRC32 of a {@code hasCrc} packet does not match its content. */
        BAD_CRC,
        /** LZW data that is invalid or lacks its end code. */
        BAD_COMPRESSION,
        /** A {@code compress} message naming an algorithm other than LZW (0). */
        UNSUPPORTED_ALGORITHM,
        /** A label header with an empty label. */
        BAD_LABEL,
        /** Compound/compress framings nested deeper than {@link WireLimits#NESTING_DEPTH_MAX}. */
        TOO_DEEP,
        /** Bytes that are not valid msgpack (e.g. the never-used byte {@code 0xc1}). */
        MALFORMED
    }

    private final Reason reason;

    /** Rejected input; {@code message} says what was wrong where, for logs. */
    public MalformedPacketException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /** Rejected input, with the lower-level failure (e.g. from msgpack-java) that revealed it. */
    public MalformedPacketException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** Why the input was rejected. */
    public Reason reason() {
        return reason;
    }
}
