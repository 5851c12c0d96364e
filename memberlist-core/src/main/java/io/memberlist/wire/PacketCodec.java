package io.memberlist.wire;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns messages into one UDP payload and one payload back into messages: the single place that knows
 * how single messages, compound, compression and CRC nest (memberlist-protocol.md §2.2). Label and
 * encryption are layers outside this one.
 *
 * <p>Outgoing: one message is sent alone, several as a compound (at most 127); then compressed if that is
 * strictly smaller; then CRC-framed if asked (Go does it for peers whose protocol max is 5 or more).
 * Incoming: CRC verified at the outer level only; compound and compress unwrapped recursively; messages of
 * unknown type skipped and counted. Immutable and thread-safe.
 */
public final class PacketCodec {
    /** Compression on, as Go's default {@code EnableCompression = true}; 40 MiB decompression budget. */
    public static final PacketCodec DEFAULT = new PacketCodec(true, WireLimits.DECOMPRESSED_BYTES_MAX);

    private final boolean compression;
    private final int decompressedBytesMax;

    /**
     * @param compression whether outgoing payloads are compressed (when that makes them smaller); incoming
     *     compressed payloads are always accepted
     * @param decompressedBytesMax most bytes one incoming packet may decompress to, over all its layers
     */
    public PacketCodec(boolean compression, int decompressedBytesMax) {
        if (decompressedBytesMax < 0) {
            throw new IllegalArgumentException("decompressedBytesMax must not be negative");
        }
        this.compression = compression;
        this.decompressedBytesMax = decompressedBytesMax;
    }

    /**
     * One payload carrying {@code messages} (1..127; no push/pull).
     *
     * @param crc whether to add the CRC framing
     * @throws IllegalArgumentException for no messages, too many, or a message that cannot be encoded
     */
    public byte[] encode(List<? extends Message> messages, boolean crc) {
        List<byte[]> parts = new ArrayList<>(messages.size());
        for (Message m : messages) {
            parts.add(MessageCodec.encodePacketMessage(m));
        }
        return frame(parts, crc);
    }

    /**
     * One payload carrying already encoded messages (each with its type byte), e.g. queued broadcasts.
     *
     * @throws IllegalArgumentException for no parts, more than 127, or a part over 65535 bytes
     */
    public byte[] frame(List<byte[]> encodedMessages, boolean crc) {
        if (encodedMessages.isEmpty()) {
            throw new IllegalArgumentException("a packet carries at least one message");
        }
        byte[] payload = encodedMessages.size() == 1 ? encodedMessages.get(0) : Compound.encode(encodedMessages);
        if (compression) {
            payload = Compression.compressIfSmaller(payload);
        }
        return crc ? Crc.wrap(payload) : payload;
    }

    /** All messages in one incoming payload (label and encryption already removed). */
    public DecodedPacket decode(byte[] payload) throws MalformedPacketException {
        return decode(payload, 0, payload.length);
    }

    /**
     * All messages in {@code length} bytes of {@code payload} from {@code offset}.
     *
     * <p>Like Go, a bad part of a compound does not spoil the others: it is counted in
     * {@link DecodedPacket#malformedParts()} and the remaining parts are still decoded. Everything else that
     * is wrong rejects the whole packet.
     *
     * @throws MalformedPacketException when the outer message or framing is malformed, the CRC does not
     *     match, or decompression exceeds the budget anywhere in the packet
     */
    public DecodedPacket decode(byte[] payload, int offset, int length) throws MalformedPacketException {
        Parse parse = new Parse(decompressedBytesMax);
        if (Crc.isPresent(payload, offset, length)) {
            Crc.verify(payload, offset, length);
            offset += Crc.OVERHEAD;
            length -= Crc.OVERHEAD;
        }
        parse.collect(payload, offset, length, 0);
        return new DecodedPacket(parse.messages, parse.unknown, parse.truncated, parse.malformed);
    }

    /** The state of decoding one packet: what was found so far and the decompression budget left. */
    private static final class Parse {
        final List<Message> messages = new ArrayList<>();
        int unknown;
        int truncated;
        int malformed;
        int decompressedBytesLeft;

        Parse(int decompressedBytesMax) {
            decompressedBytesLeft = decompressedBytesMax;
        }

        void collect(byte[] buf, int offset, int length, int depth) throws MalformedPacketException {
            if (length < 1) {
                throw new MalformedPacketException(Reason.TRUNCATED, "message without a type byte");
            }
            if (depth > WireLimits.NESTING_DEPTH_MAX) {
                throw new MalformedPacketException(Reason.TOO_DEEP, "framings nested deeper than "
                        + WireLimits.NESTING_DEPTH_MAX);
            }
            MessageType type = MessageType.fromCode(buf[offset] & 0xFF);
            if (type == null) {
                unknown++;
                return;
            }
            switch (type) {
                case COMPOUND -> compound(buf, offset, length, depth);
                case COMPRESS -> {
                    byte[] inner = Compression.decompress(buf, offset, length, decompressedBytesLeft);
                    decompressedBytesLeft -= inner.length;
                    collect(inner, 0, inner.length, depth + 1);
                }
                case PING, INDIRECT_PING, ACK_RESP, SUSPECT, ALIVE, DEAD, USER, NACK_RESP ->
                        messages.add(MessageDecoder.packet(buf, offset, length));
                // Go's packet handler knows no other type: push/pull, err, encrypt, label and a
                // nested CRC are logged and skipped.
                default -> unknown++;
            }
        }

        private void compound(byte[] buf, int offset, int length, int depth) throws MalformedPacketException {
            Compound.Parts parts = Compound.decode(buf, offset, length);
            truncated += parts.truncatedParts();
            for (byte[] part : parts.parts()) {
                try {
                    collect(part, 0, part.length, depth + 1);
                } catch (MalformedPacketException e) {
                    if (e.reason() == Reason.TOO_LARGE) {
                        throw e; // the budget covers the whole packet: stop, do not try the next part
                    }
                    malformed++;
                }
            }
        }
    }
}
