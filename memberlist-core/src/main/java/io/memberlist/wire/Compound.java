package io.memberlist.wire;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compound framing that packs several encoded messages into one packet:
 * {@code 0x07 | count:u8 | count × length:u16 BE | parts} (memberlist-protocol.md §2.2).
 *
 * <p>We send at most {@link WireSize#COMPOUND_PARTS_MAX} parts although the count byte allows 255:
 * memberlist v0.2.2 and v0.2.3 receivers mis-parse compounds of 128 parts or more.
 */
public final class Compound {
    private static final int HEADER_BYTES = WireSize.COMPOUND_HEADER_OVERHEAD;

    /** Parts read from a compound, and how many announced parts did not fit in the bytes received. */
    public record Parts(List<byte[]> parts, int truncatedParts) {
        public Parts {
            parts = List.copyOf(parts);
        }
    }

    private Compound() {
    }

    /**
     * Frames encoded messages (each with its type byte) as one compound message.
     *
     * @throws IllegalArgumentException for more than 127 parts or a part over 65535 bytes
     */
    public static byte[] encode(List<byte[]> parts) {
        if (parts.size() > WireSize.COMPOUND_PARTS_MAX) {
            throw new IllegalArgumentException("a compound carries at most " + WireSize.COMPOUND_PARTS_MAX
                    + " parts, got " + parts.size());
        }
        int total = 0;
        for (byte[] part : parts) {
            if (part.length > WireLimits.COMPOUND_PART_BYTES_MAX) {
                throw new IllegalArgumentException("a compound part holds at most "
                        + WireLimits.COMPOUND_PART_BYTES_MAX + " bytes, got " + part.length);
            }
            total += part.length;
        }
        byte[] out = new byte[HEADER_BYTES + parts.size() * WireSize.COMPOUND_OVERHEAD + total];
        out[0] = (byte) MessageType.COMPOUND.code();
        out[1] = (byte) parts.size();
        int lengthAt = HEADER_BYTES;
        int partAt = HEADER_BYTES + parts.size() * WireSize.COMPOUND_OVERHEAD;
        for (byte[] part : parts) {
            out[lengthAt++] = (byte) (part.length >>> 8);
            out[lengthAt++] = (byte) part.length;
            System.arraycopy(part, 0, out, partAt, part.length);
            partAt += part.length;
        }
        return out;
    }

    /** Splits a whole compound message (type byte included). */
    public static Parts decode(byte[] message) throws MalformedPacketException {
        return decode(message, 0, message.length);
    }

    /**
     * Splits the compound message in {@code length} bytes from {@code offset} (type byte included). As in
     * Go, parts that do not fit are dropped and counted, earlier parts are kept, and any bytes after the
     * last part are ignored. Accepts the full 255 parts the count byte allows.
     *
     * @throws MalformedPacketException {@code UNEXPECTED_TYPE} if this is not a compound, {@code TRUNCATED}
     *     if the count or the length table is cut off
     */
    public static Parts decode(byte[] buf, int offset, int length) throws MalformedPacketException {
        if (length < 1 || (buf[offset] & 0xFF) != MessageType.COMPOUND.code()) {
            throw new MalformedPacketException(Reason.UNEXPECTED_TYPE, "not a compound message");
        }
        if (length < HEADER_BYTES) {
            throw new MalformedPacketException(Reason.TRUNCATED, "compound without a part count");
        }
        int count = buf[offset + 1] & 0xFF;
        int partAt = HEADER_BYTES + count * WireSize.COMPOUND_OVERHEAD;
        if (length < partAt) {
            throw new MalformedPacketException(Reason.TRUNCATED, "compound length table cut off: "
                    + count + " parts announced in " + length + " bytes");
        }
        List<byte[]> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = offset + HEADER_BYTES + i * WireSize.COMPOUND_OVERHEAD;
            int partLength = (buf[at] & 0xFF) << 8 | (buf[at + 1] & 0xFF);
            if (length - partAt < partLength) {
                return new Parts(parts, count - i);
            }
            parts.add(Arrays.copyOfRange(buf, offset + partAt, offset + partAt + partLength));
            partAt += partLength;
        }
        return new Parts(parts, 0);
    }
}
