package io.memberlist.wire;

/**
 * Encodes and decodes single memberlist messages exactly as Go memberlist v0.2.2 does, and decodes
 * everything Go's decoders accept (memberlist-protocol.md §2.1).
 *
 * <p>Packet form (UDP): type byte + msgpack struct; a user message is the type byte + raw bytes.
 * Stream form (TCP): the same, except push/pull ({@code 0x06} + header + node states + user state) and user
 * messages ({@code 0x08} + {@code userMsgHeader} + raw bytes), optionally wrapped in a {@code compress}
 * message. Framings of packets (compound, compression, CRC) live in {@link PacketCodec}; label and
 * encryption belong to other layers.
 *
 * <p>Stateless and thread-safe. Encoding trusts nothing either: out-of-range fields (a port over 65535,
 * a negative sequence number) throw {@link IllegalArgumentException} rather than produce bytes Go would
 * misread. Decoding throws only {@link MalformedPacketException}.
 */
public final class MessageCodec {
    private MessageCodec() {
    }

    /**
     * The packet form of {@code message}: exactly {@link WireSize#of(Message)} bytes.
     *
     * @throws IllegalArgumentException for a {@link PushPull} (streams only) or an out-of-range field
     */
    public static byte[] encodePacketMessage(Message message) {
        return MessageEncoder.packet(message);
    }

    /** Decodes one packet message (not a compound/compress/CRC framing: see {@link PacketCodec}). */
    public static Message decodePacketMessage(byte[] bytes) throws MalformedPacketException {
        return MessageDecoder.packet(bytes, 0, bytes.length);
    }

    /** Decodes one packet message from {@code length} bytes of {@code bytes} at {@code offset}. */
    public static Message decodePacketMessage(byte[] bytes, int offset, int length)
            throws MalformedPacketException {
        return MessageDecoder.packet(bytes, offset, length);
    }

    /**
     * The stream form of {@code message}, uncompressed: exactly {@link WireSize#ofStream(Message)} bytes.
     *
     * @throws IllegalArgumentException for an out-of-range field, more than
     *     {@link WireLimits#PUSH_PULL_NODES_MAX} nodes or a payload over {@link WireLimits#STREAM_PAYLOAD_BYTES_MAX}
     */
    public static byte[] encodeStreamMessage(Message message) {
        return MessageEncoder.stream(message);
    }

    /** The stream form, wrapped in a {@code compress} message when {@code compress} is set (Go always does when enabled). */
    public static byte[] encodeStreamMessage(Message message, boolean compress) {
        byte[] plain = MessageEncoder.stream(message);
        return compress ? Compression.compress(plain) : plain;
    }

    /**
     * Decodes the message at the start of everything a stream delivered (compressed or not; encryption and
     * label already removed). Bytes after the message are ignored.
     *
     * @throws MalformedPacketException with {@code TRUNCATED} when the bytes end early: a caller still
     *     reading the stream may wait for more and retry
     */
    public static Message decodeStreamMessage(byte[] bytes) throws MalformedPacketException {
        return MessageDecoder.stream(bytes, 0, bytes.length, WireLimits.DECOMPRESSED_BYTES_MAX);
    }

    /** As {@link #decodeStreamMessage(byte[])}, for a range and with an explicit decompression cap. */
    public static Message decodeStreamMessage(byte[] bytes, int offset, int length, int decompressedBytesMax)
            throws MalformedPacketException {
        return MessageDecoder.stream(bytes, offset, length, decompressedBytesMax);
    }
}
