package io.memberlist.transport;

import io.memberlist.Config;
import io.memberlist.security.Aead;
import io.memberlist.security.DecryptionException;
import io.memberlist.security.EncryptionVersion;
import io.memberlist.security.Keyring;
import io.memberlist.wire.DecodedPacket;
import io.memberlist.wire.Label;
import io.memberlist.wire.MalformedPacketException;
import io.memberlist.wire.Message;
import io.memberlist.wire.MessageCodec;
import io.memberlist.wire.MessageType;
import io.memberlist.wire.PacketCodec;
import io.memberlist.wire.WireLimits;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The layers between messages and bytes on either plane, stacked as Go stacks them (memberlist-protocol.md
 * §2.2, §2.3): packets are compound → compressed (when smaller) → CRC → encrypted → labelled; streams are
 * compressed (always, when on) → encrypted in a length-prefixed frame, with the label written first by the
 * dialer. Each layer is present or absent by configuration, never a flag inside another.
 *
 * <p>Pure and thread-safe: no I/O; the Netty adapters and tests call it with byte arrays.
 */
public final class Framing {
    /**
     * Most bytes one datagram may decompress to. A legitimate packet decompresses to at most the largest
     * datagram (64 KiB); the cap leaves room and keeps a compression bomb from costing the event loop the
     * 40 MiB a stream may decompress to.
     */
    public static final int PACKET_DECOMPRESSED_BYTES_MAX = 1 << 20;
    /** Most bytes read from one stream before giving up on it: the payload limit plus room for headers. */
    public static final int STREAM_BYTES_MAX = 2 * WireLimits.STREAM_PAYLOAD_BYTES_MAX;

    private final PacketCodec packets;
    private final boolean compressStreams;
    private final Aead aead;
    private final EncryptionVersion version;
    private final boolean verifyIncoming;
    private final boolean verifyOutgoing;
    private final String label;
    private final byte[] labelHeader;
    private final boolean skipInboundLabelCheck;

    private Framing(Config config, Keyring keyring) {
        this.packets = new PacketCodec(config.enableCompression(), PACKET_DECOMPRESSED_BYTES_MAX);
        this.compressStreams = config.enableCompression();
        this.aead = keyring == null ? null : new Aead(keyring);
        this.version = EncryptionVersion.forProtocolVersion(config.protocolVersion());
        this.verifyIncoming = config.gossipVerifyIncoming();
        this.verifyOutgoing = config.gossipVerifyOutgoing();
        this.label = config.label();
        this.labelHeader = label.isEmpty() ? new byte[0] : Label.header(label);
        this.skipInboundLabelCheck = config.skipInboundLabelCheck();
    }

    /** The framing a node with this configuration uses; {@code keyring} null when not encrypting. */
    public static Framing of(Config config, Keyring keyring) {
        return new Framing(config, keyring);
    }

    // ---- packets ------------------------------------------------------------------------------------------

    /** One datagram carrying {@code messages} (a compound when several), ready to send. */
    public byte[] encodePacket(List<? extends Message> messages, boolean crc) {
        byte[] payload = packets.encode(messages, crc);
        if (aead != null && verifyOutgoing) {
            payload = aead.encryptPacket(version, payload, label);
        }
        return labelHeader.length == 0 ? payload : concat(labelHeader, payload);
    }

    /** The messages in a received datagram. */
    public DecodedPacket decodePacket(byte[] datagram) throws Dropped {
        byte[] payload = checkLabel(datagram);
        if (aead != null) {
            try {
                payload = aead.decryptPacket(payload, label);
            } catch (DecryptionException e) {
                if (verifyIncoming) {
                    throw new Dropped(Dropped.Reason.DECRYPT, e.getMessage());
                }
                // Migration mode: an unencrypted peer is accepted as it is.
            }
        }
        try {
            return packets.decode(payload);
        } catch (MalformedPacketException e) {
            throw new Dropped(Dropped.Reason.MALFORMED, e.getMessage());
        }
    }

    private byte[] checkLabel(byte[] bytes) throws Dropped {
        Label.Stripped stripped;
        try {
            stripped = Label.strip(bytes);
        } catch (MalformedPacketException e) {
            throw new Dropped(Dropped.Reason.MALFORMED, e.getMessage());
        }
        if (!Label.accepts(label, stripped.label(), skipInboundLabelCheck)) {
            throw new Dropped(Dropped.Reason.LABEL, "label '" + stripped.label() + "' is not this cluster's '"
                    + label + "'");
        }
        return stripped.rest();
    }

    // ---- streams ------------------------------------------------------------------------------------------

    /** What a dialer writes first on a new connection: the label header, or nothing. */
    public byte[] streamPreamble() {
        return labelHeader.clone();
    }

    /** One stream message, compressed and encrypted as configured. */
    public byte[] encodeStream(Message message) {
        byte[] bytes = MessageCodec.encodeStreamMessage(message, compressStreams);
        if (aead != null && verifyOutgoing) {
            bytes = aead.encryptStream(version, bytes, label);
        }
        return bytes;
    }

    /**
     * Tries to read one message from everything a stream delivered so far. Returns null when more bytes
     * are needed.
     *
     * @param acceptor whether this side accepted the connection (only dialers write a label header)
     * @throws Dropped when the bytes can never become a message this node takes
     */
    public Message decodeStream(byte[] received, boolean acceptor) throws Dropped {
        int offset = 0;
        if (acceptor) {
            int headerLength;
            try {
                headerLength = Label.headerLength(received);
            } catch (MalformedPacketException e) {
                if (e.reason() == MalformedPacketException.Reason.TRUNCATED) {
                    return null;
                }
                throw new Dropped(Dropped.Reason.MALFORMED, e.getMessage());
            }
            String got = headerLength == 0 ? ""
                    : new String(received, 2, headerLength - 2, StandardCharsets.UTF_8);
            if (received.length == 0) {
                return null;
            }
            if (!Label.accepts(label, got, skipInboundLabelCheck)) {
                throw new Dropped(Dropped.Reason.LABEL, "stream label '" + got + "' is not this cluster's '"
                        + label + "'");
            }
            offset = headerLength;
        }
        if (received.length <= offset) {
            return null;
        }
        if ((received[offset] & 0xFF) == MessageType.ENCRYPT.code()) {
            return decryptAndDecode(received, offset);
        }
        if (aead != null && verifyIncoming) {
            throw new Dropped(Dropped.Reason.DECRYPT, "unencrypted stream while encryption is required");
        }
        return decode(received, offset, received.length - offset, true);
    }

    private Message decryptAndDecode(byte[] received, int offset) throws Dropped {
        if (aead == null) {
            throw new Dropped(Dropped.Reason.DECRYPT, "encrypted stream, but no keys are installed");
        }
        if (received.length - offset < 5) {
            return null;
        }
        long length = ((received[offset + 1] & 0xFFL) << 24) | ((received[offset + 2] & 0xFFL) << 16)
                | ((received[offset + 3] & 0xFFL) << 8) | (received[offset + 4] & 0xFFL);
        if (length > WireLimits.STREAM_PAYLOAD_BYTES_MAX) {
            throw new Dropped(Dropped.Reason.TOO_LARGE, "encrypted stream of " + length + " bytes");
        }
        if (received.length - offset < 5 + length) {
            return null;
        }
        byte[] frame = java.util.Arrays.copyOfRange(received, offset, offset + 5 + (int) length);
        byte[] plain;
        try {
            plain = aead.decryptStream(frame, label);
        } catch (DecryptionException e) {
            throw new Dropped(Dropped.Reason.DECRYPT, e.getMessage());
        }
        return decode(plain, 0, plain.length, false);
    }

    private Message decode(byte[] bytes, int offset, int length, boolean mayGrow) throws Dropped {
        try {
            return MessageCodec.decodeStreamMessage(bytes, offset, length, WireLimits.DECOMPRESSED_BYTES_MAX);
        } catch (MalformedPacketException e) {
            if (e.reason() == MalformedPacketException.Reason.TRUNCATED && mayGrow && length < STREAM_BYTES_MAX) {
                return null;
            }
            Dropped.Reason reason = e.reason() == MalformedPacketException.Reason.TOO_LARGE
                    ? Dropped.Reason.TOO_LARGE : Dropped.Reason.MALFORMED;
            throw new Dropped(reason, e.getMessage());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
