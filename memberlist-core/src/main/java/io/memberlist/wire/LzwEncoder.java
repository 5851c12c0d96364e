package io.memberlist.wire;

import java.util.Arrays;

/**
 * One LZW compression run (see {@link Lzw} for the format). The dictionary maps (prefix code, next byte)
 * to a code through an open-addressing hash table, as Go's writer does; any exact map would produce the
 * same output, since LZW output depends only on which strings are in the dictionary.
 */
final class LzwEncoder {
    private static final int TABLE_SIZE = 4 << Lzw.WIDTH_MAX;
    /** Entries hold {@code key << 12 | code}; code is never 0 for a real entry, so 0 marks a free slot. */
    private static final int FREE = 0;

    private final int[] table;
    private final int tableMask;
    private byte[] out;
    private int outLength;
    private int bits;
    private int bitCount;
    private int width = Lzw.LITERAL_BITS + 1;
    /** The code most recently assigned (Go's {@code hi}); the next string gets {@code hi + 1}. */
    private int hi = Lzw.EOF;
    /** 2^width: when {@code hi} reaches it, codes need one more bit. */
    private int overflow = 1 << (Lzw.LITERAL_BITS + 1);

    LzwEncoder(int inputLength) {
        // The table never holds more entries than input bytes, so a short input (a ping) gets a small
        // table, at most a quarter full, rather than 64 KB to allocate and zero per packet.
        int entriesMax = Math.max(1, Math.min(inputLength, Lzw.CODE_MAX));
        int size = Math.min(TABLE_SIZE, Integer.highestOneBit(entriesMax) << 3);
        table = new int[size];
        tableMask = size - 1;
        // Typical memberlist payloads compress to half or less; the buffer grows if not.
        out = new byte[Math.max(16, inputLength / 2 + 8)];
    }

    byte[] encode(byte[] data, int offset, int length) {
        // Go's writer starts every stream with a clear code (GIF89a appendix F), even an empty one.
        write(Lzw.CLEAR);
        if (length > 0) {
            int code = data[offset] & 0xFF;
            for (int i = offset + 1; i < offset + length; i++) {
                code = step(code, data[i] & 0xFF);
            }
            write(code);
            nextCode();
        }
        write(Lzw.EOF);
        if (bitCount > 0) {
            put(bits);
        }
        return Arrays.copyOf(out, outLength);
    }

    /** Extends the current string by {@code literal}, or emits it and starts a new one; returns the string's code. */
    private int step(int code, int literal) {
        int key = code << 8 | literal;
        int hash = (key >>> 12 ^ key) & tableMask;
        for (int h = hash, entry = table[h]; entry != FREE; h = (h + 1) & tableMask, entry = table[h]) {
            if (entry >>> 12 == key) {
                return entry & Lzw.CODE_MAX;
            }
        }
        write(code);
        if (nextCode()) {
            while (table[hash] != FREE) {
                hash = (hash + 1) & tableMask;
            }
            table[hash] = key << 12 | hi;
        }
        return literal;
    }

    /**
     * Advances {@code hi} after a code was emitted, widening codes at 2^width. When the table is full,
     * emits a clear code and starts over; returns false then, as the new string must not be stored.
     */
    private boolean nextCode() {
        hi++;
        if (hi == overflow) {
            width++;
            overflow <<= 1;
        }
        if (hi == Lzw.CODE_MAX) {
            write(Lzw.CLEAR);
            width = Lzw.LITERAL_BITS + 1;
            hi = Lzw.EOF;
            overflow = 1 << width;
            Arrays.fill(table, FREE);
            return false;
        }
        return true;
    }

    /** Appends a code of the current width, least significant bit first. */
    private void write(int code) {
        bits |= code << bitCount;
        bitCount += width;
        while (bitCount >= 8) {
            put(bits);
            bits >>>= 8;
            bitCount -= 8;
        }
    }

    private void put(int b) {
        if (outLength == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[outLength++] = (byte) b;
    }
}
