package io.memberlist.wire;

/**
 * The LZW flavour memberlist compresses with: Go's {@code compress/lzw} in LSB bit order with literal width
 * 8, the same variant GIF uses (memberlist-protocol.md §4). No JDK class implements it.
 *
 * <p>Codes: 0..255 literals, {@value #CLEAR} clear, {@value #EOF} end, new strings from {@value #FIRST_FREE};
 * codes start 9 bits wide, widen when the next code to be assigned reaches 2^width, and stop at 12 bits.
 * The writer starts with a clear code, emits clear and restarts when the table is full, and ends with the
 * end code plus padding to a byte. The reader accepts clear anywhere and fails when the end code is
 * missing. Ported from the behaviour of Go's {@code compress/lzw} {@code writer.go} and {@code reader.go}.
 */
public final class Lzw {
    static final int CLEAR = 256;
    static final int EOF = 257;
    static final int FIRST_FREE = 258;
    static final int LITERAL_BITS = 8;
    static final int WIDTH_MAX = 12;
    /** Highest code; the writer resets when its next code would reach it (Go's {@code maxCode}). */
    static final int CODE_MAX = (1 << WIDTH_MAX) - 1;

    private Lzw() {
    }

    /** Compresses all of {@code data}; the output always decompresses with Go's reader. */
    public static byte[] compress(byte[] data) {
        return compress(data, 0, data.length);
    }

    /** Compresses {@code length} bytes of {@code data} from {@code offset}. */
    public static byte[] compress(byte[] data, int offset, int length) {
        return new LzwEncoder(length).encode(data, offset, length);
    }

    /** Decompresses all of {@code data}, producing at most {@link WireLimits#DECOMPRESSED_BYTES_MAX} bytes. */
    public static byte[] decompress(byte[] data) throws MalformedPacketException {
        return decompress(data, 0, data.length, WireLimits.DECOMPRESSED_BYTES_MAX);
    }

    /**
     * Decompresses {@code length} bytes of {@code data} from {@code offset}. Bytes after the end code are
     * ignored, as Go does.
     *
     * @throws MalformedPacketException {@code BAD_COMPRESSION} on an invalid code or a missing end code,
     *     {@code TOO_LARGE} as soon as the output would exceed {@code outputBytesMax}
     */
    public static byte[] decompress(byte[] data, int offset, int length, int outputBytesMax)
            throws MalformedPacketException {
        return new LzwDecoder(data, offset, length, outputBytesMax).decode();
    }
}
