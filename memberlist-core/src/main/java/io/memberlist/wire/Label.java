package io.memberlist.wire;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The cluster label header of memberlist v0.3.0+: {@code 0xf4 | length:u8 (1..255) | label bytes}, put
 * before everything else on every packet and at the start of every stream a node dials (§2.2, §2.3, §10).
 * An empty label means no header at all, which keeps unlabelled clusters byte-compatible with v0.2.x.
 *
 * <p>The label also feeds encryption as additional data; that is the security layer's business.
 */
public final class Label {
    private static final byte[] NONE = new byte[0];

    /** Bytes with any label header removed, and the label it carried ({@code ""} when there was none). */
    public record Stripped(String label, byte[] rest) {
    }

    private Label() {
    }

    /**
     * The header to write first on a new stream, or an empty array for the empty label.
     *
     * @throws IllegalArgumentException if the label is over 255 bytes of UTF-8
     */
    public static byte[] header(String label) {
        byte[] utf8 = label.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == 0) {
            return NONE;
        }
        if (utf8.length > WireLimits.LABEL_BYTES_MAX) {
            throw new IllegalArgumentException("a label has at most " + WireLimits.LABEL_BYTES_MAX
                    + " bytes, got " + utf8.length);
        }
        byte[] header = new byte[2 + utf8.length];
        header[0] = (byte) MessageType.HAS_LABEL.code();
        header[1] = (byte) utf8.length;
        System.arraycopy(utf8, 0, header, 2, utf8.length);
        return header;
    }

    /** {@code packet} behind the label header; {@code packet} itself for the empty label. */
    public static byte[] addToPacket(String label, byte[] packet) {
        byte[] header = header(label);
        if (header.length == 0) {
            return packet;
        }
        byte[] out = Arrays.copyOf(header, header.length + packet.length);
        System.arraycopy(packet, 0, out, header.length, packet.length);
        return out;
    }

    /**
     * Removes a label header from the start of a packet or of the bytes read so far from a stream. Bytes
     * without a header come back unchanged with the label {@code ""}.
     *
     * @throws MalformedPacketException {@code TRUNCATED} if the header is cut off (on a stream: read more
     *     and retry), {@code BAD_LABEL} if it announces an empty label
     */
    public static Stripped strip(byte[] bytes) throws MalformedPacketException {
        int length = headerLength(bytes);
        if (length == 0) {
            return new Stripped("", bytes);
        }
        String label = new String(bytes, 2, length - 2, StandardCharsets.UTF_8);
        return new Stripped(label, Arrays.copyOfRange(bytes, length, bytes.length));
    }

    /**
     * Length of the label header at the start of {@code bytes}, 0 if there is none.
     *
     * @throws MalformedPacketException as {@link #strip(byte[])}
     */
    public static int headerLength(byte[] bytes) throws MalformedPacketException {
        if (bytes.length == 0 || (bytes[0] & 0xFF) != MessageType.HAS_LABEL.code()) {
            return 0;
        }
        if (bytes.length < 2) {
            throw new MalformedPacketException(Reason.TRUNCATED, "label header cut off");
        }
        int size = bytes[1] & 0xFF;
        if (size == 0) {
            throw new MalformedPacketException(Reason.BAD_LABEL, "label header with an empty label");
        }
        if (bytes.length < 2 + size) {
            throw new MalformedPacketException(Reason.TRUNCATED, "label of " + size + " bytes cut off");
        }
        return 2 + size;
    }

    /**
     * Whether a receiver labelled {@code localLabel} takes input that carried {@code receivedLabel}, by Go
     * v0.3 rules: labels must be equal (no header counts as {@code ""}). With
     * {@code skipInboundLabelCheck} a proxy has already removed the header, so input must carry none.
     */
    public static boolean accepts(String localLabel, String receivedLabel, boolean skipInboundLabelCheck) {
        if (skipInboundLabelCheck) {
            return receivedLabel.isEmpty();
        }
        return localLabel.equals(receivedLabel);
    }
}
