package io.memberlist.wire;

import io.memberlist.wire.MalformedPacketException.Reason;

/**
 * The {@code compress} message: {@code 0x09 + msgpack{Algo: 0, Buf: lzw(message)}} (memberlist-protocol.md
 * §4). Go compresses packets only when that makes them strictly smaller, and streams always.
 */
public final class Compression {
    /** The only algorithm memberlist defines ({@code lzwAlgo}). */
    public static final int LZW_ALGORITHM = 0;

    private Compression() {
    }

    /** {@code payload} (one or more encoded messages) wrapped in a {@code compress} message. */
    public static byte[] compress(byte[] payload) {
        return MessageEncoder.compress(Lzw.compress(payload));
    }

    /** The compressed form if it is strictly smaller, else {@code payload} itself, as Go does for packets. */
    public static byte[] compressIfSmaller(byte[] payload) {
        byte[] compressed = compress(payload);
        return compressed.length < payload.length ? compressed : payload;
    }

    /** The payload inside a whole {@code compress} message, at most {@link WireLimits#DECOMPRESSED_BYTES_MAX}. */
    public static byte[] decompress(byte[] message) throws MalformedPacketException {
        return decompress(message, 0, message.length, WireLimits.DECOMPRESSED_BYTES_MAX);
    }

    /**
     * The payload inside the {@code compress} message in {@code length} bytes from {@code offset} (type byte
     * included). Bytes after the msgpack value are ignored, as a Go stream reader never looks at them.
     *
     * @throws MalformedPacketException {@code UNSUPPORTED_ALGORITHM} for an {@code Algo} other than 0,
     *     {@code BAD_COMPRESSION} for bad LZW data, {@code TOO_LARGE} over {@code outputBytesMax}, or any
     *     msgpack-level reason
     */
    public static byte[] decompress(byte[] buf, int offset, int length, int outputBytesMax)
            throws MalformedPacketException {
        if (length < 1 || (buf[offset] & 0xFF) != MessageType.COMPRESS.code()) {
            throw new MalformedPacketException(Reason.UNEXPECTED_TYPE, "not a compress message");
        }
        GoStruct.Values c = new MsgPackReader(buf, offset + 1, length - 1).readStruct(GoStruct.COMPRESS);
        if (c.number(0) != LZW_ALGORITHM) {
            throw new MalformedPacketException(Reason.UNSUPPORTED_ALGORITHM,
                    "compression algorithm " + c.number(0) + " is unknown; only LZW (0) exists");
        }
        byte[] lzw = c.bytes(1);
        if (lzw == null) {
            lzw = new byte[0];
        }
        return Lzw.decompress(lzw, 0, lzw.length, outputBytesMax);
    }
}
