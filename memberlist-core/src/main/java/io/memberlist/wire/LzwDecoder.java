package io.memberlist.wire;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.util.Arrays;

/**
 * One LZW decompression run (see {@link Lzw} for the format), bounded by an output cap so that a few
 * kilobytes of hostile input cannot allocate gigabytes.
 */
final class LzwDecoder {
    /** Marks "no previous code": right after the start or a clear, nothing is added to the table. */
    private static final int NONE = -1;

    private final byte[] in;
    private final int inEnd;
    private int inPos;
    private int bits;
    private int bitCount;

    private final int outputBytesMax;
    private byte[] out;
    private int outLength;

    /** For every code above EOF: the code of its prefix string and its last byte. */
    private final short[] prefix = new short[1 << Lzw.WIDTH_MAX];
    private final byte[] suffix = new byte[1 << Lzw.WIDTH_MAX];
    private final byte[] scratch = new byte[1 << Lzw.WIDTH_MAX];

    private int width = Lzw.LITERAL_BITS + 1;
    /** The next code to be assigned (Go's reader {@code hi}, one ahead of the writer's). */
    private int hi = Lzw.EOF;
    private int overflow = 1 << (Lzw.LITERAL_BITS + 1);
    private int last = NONE;

    LzwDecoder(byte[] in, int offset, int length, int outputBytesMax) {
        this.in = in;
        this.inPos = offset;
        this.inEnd = offset + length;
        this.outputBytesMax = outputBytesMax;
        this.out = new byte[Math.min(outputBytesMax, Math.max(64, length * 3))];
    }

    byte[] decode() throws MalformedPacketException {
        while (true) {
            int code = read();
            if (code == Lzw.CLEAR) {
                width = Lzw.LITERAL_BITS + 1;
                hi = Lzw.EOF;
                overflow = 1 << width;
                last = NONE;
                continue;
            }
            if (code == Lzw.EOF) {
                return Arrays.copyOf(out, outLength);
            }
            if (code < Lzw.CLEAR) {
                append((byte) code);
                remember((byte) code);
            } else if (code <= hi) {
                remember(expand(code));
            } else {
                throw new MalformedPacketException(Reason.BAD_COMPRESSION,
                        "LZW code " + code + " is not yet defined (next is " + hi + ")");
            }
            last = code;
            advance();
        }
    }

    /** Writes the string of {@code code} (which may be the one being defined right now); returns its first byte. */
    private byte expand(int code) throws MalformedPacketException {
        int i = scratch.length;
        int c = code;
        if (code == hi && last != NONE) {
            // The KwKwK case: the string is last's string plus last's first byte. (With last == NONE,
            // code == hi only happens in a frozen 12-bit table, where code hi is already defined.)
            scratch[--i] = firstByte(last);
            c = last;
        }
        while (c >= Lzw.CLEAR) {
            scratch[--i] = suffix[c];
            c = prefix[c];
        }
        scratch[--i] = (byte) c;
        ensureRoom(scratch.length - i);
        System.arraycopy(scratch, i, out, outLength, scratch.length - i);
        outLength += scratch.length - i;
        return (byte) c;
    }

    private byte firstByte(int code) {
        int c = code;
        while (c >= Lzw.CLEAR) {
            c = prefix[c];
        }
        return (byte) c;
    }

    /** Defines code {@code hi} as the previous string plus {@code first}. */
    private void remember(byte first) {
        if (last != NONE) {
            prefix[hi] = (short) last;
            suffix[hi] = first;
        }
    }

    /** Moves to the next code, widening at 2^width; at 12 bits the table freezes until a clear. */
    private void advance() {
        hi++;
        if (hi >= overflow) {
            if (width == Lzw.WIDTH_MAX) {
                last = NONE;
                hi--;
            } else {
                width++;
                overflow <<= 1;
            }
        }
    }

    private int read() throws MalformedPacketException {
        while (bitCount < width) {
            if (inPos == inEnd) {
                throw new MalformedPacketException(Reason.BAD_COMPRESSION, "LZW data ends without an end code");
            }
            bits |= (in[inPos++] & 0xFF) << bitCount;
            bitCount += 8;
        }
        int code = bits & ((1 << width) - 1);
        bits >>>= width;
        bitCount -= width;
        return code;
    }

    private void append(byte b) throws MalformedPacketException {
        ensureRoom(1);
        out[outLength++] = b;
    }

    private void ensureRoom(int n) throws MalformedPacketException {
        if (n > outputBytesMax - outLength) {
            throw new MalformedPacketException(Reason.TOO_LARGE,
                    "LZW output exceeds " + outputBytesMax + " bytes");
        }
        if (outLength + n > out.length) {
            long grown = Math.max((long) out.length * 2, (long) outLength + n);
            out = Arrays.copyOf(out, (int) Math.min(grown, outputBytesMax));
        }
    }
}
