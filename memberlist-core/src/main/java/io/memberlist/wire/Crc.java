package io.memberlist.wire;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The {@code hasCrc} framing: {@code 0x0c | crc32-IEEE(rest) as u32 BE | rest}. Go adds it to packets for
 * peers whose protocol max is 5 or more and honours it only as the outermost layer of a packet
 * (memberlist-protocol.md §2.2).
 */
public final class Crc {
    /** Bytes the framing adds: type byte + 4-byte checksum. */
    public static final int OVERHEAD = 5;

    private Crc() {
    }

    /** {@code payload} behind a CRC header. */
    public static byte[] wrap(byte[] payload) {
        byte[] out = new byte[OVERHEAD + payload.length];
        out[0] = (byte) MessageType.HAS_CRC.code();
        int crc = checksum(payload, 0, payload.length);
        out[1] = (byte) (crc >>> 24);
        out[2] = (byte) (crc >>> 16);
        out[3] = (byte) (crc >>> 8);
        out[4] = (byte) crc;
        System.arraycopy(payload, 0, out, OVERHEAD, payload.length);
        return out;
    }

    /**
     * Whether {@code packet} starts with the CRC type byte. Diverges from Go: a packet of 1–4 bytes starting
     * with it then fails {@link #verify} as truncated, where Go would log it as an unknown message type.
     */
    public static boolean isPresent(byte[] packet, int offset, int length) {
        return length >= 1 && (packet[offset] & 0xFF) == MessageType.HAS_CRC.code();
    }

    /** Checks a CRC-framed packet and returns what it protects. */
    public static byte[] strip(byte[] packet) throws MalformedPacketException {
        verify(packet, 0, packet.length);
        return Arrays.copyOfRange(packet, OVERHEAD, packet.length);
    }

    /**
     * Checks the CRC framing in {@code length} bytes from {@code offset}; the protected bytes follow the
     * {@link #OVERHEAD} header bytes.
     *
     * @throws MalformedPacketException {@code UNEXPECTED_TYPE} if there is no CRC header, {@code TRUNCATED}
     *     if the header is cut off, {@code BAD_CRC} if the checksum does not match
     */
    public static void verify(byte[] packet, int offset, int length) throws MalformedPacketException {
        if (!isPresent(packet, offset, length)) {
            throw new MalformedPacketException(Reason.UNEXPECTED_TYPE, "no CRC header");
        }
        if (length < OVERHEAD) {
            throw new MalformedPacketException(Reason.TRUNCATED, "CRC header cut off at " + length + " bytes");
        }
        int expected = (packet[offset + 1] & 0xFF) << 24 | (packet[offset + 2] & 0xFF) << 16
                | (packet[offset + 3] & 0xFF) << 8 | (packet[offset + 4] & 0xFF);
        int actual = checksum(packet, offset + OVERHEAD, length - OVERHEAD);
        if (expected != actual) {
            throw new MalformedPacketException(Reason.BAD_CRC, String.format(
                    "CRC32 %08x does not match the announced %08x", actual, expected));
        }
    }

    private static int checksum(byte[] b, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(b, offset, length);
        return (int) crc.getValue();
    }
}
