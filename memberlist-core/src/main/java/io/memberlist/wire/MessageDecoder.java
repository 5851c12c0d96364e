package io.memberlist.wire;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes single messages from their packet or stream form (memberlist-protocol.md §2.1–§2.3). Framings
 * (compound, CRC) are not messages and are rejected here; {@link PacketCodec} unwraps them first.
 */
final class MessageDecoder {
    private MessageDecoder() {
    }

    /** One packet message: type byte, then msgpack, or raw bytes for a user message. Trailing bytes are ignored. */
    static Message packet(byte[] buf, int offset, int length) throws MalformedPacketException {
        MessageType type = type(buf, offset, length);
        if (type == MessageType.USER) {
            return new UserMessage(Arrays.copyOfRange(buf, offset + 1, offset + length));
        }
        if (!hasStruct(type)) {
            throw new MalformedPacketException(Reason.UNEXPECTED_TYPE, "type " + (buf[offset] & 0xFF)
                    + " is not a packet message");
        }
        return struct(type, new MsgPackReader(buf, offset + 1, length - 1));
    }

    /** One stream message, decompressing a {@code compress} wrapper first. */
    static Message stream(byte[] buf, int offset, int length, int decompressedBytesMax)
            throws MalformedPacketException {
        MessageType type = type(buf, offset, length);
        if (type == MessageType.COMPRESS) {
            byte[] inner = Compression.decompress(buf, offset, length, decompressedBytesMax);
            if (inner.length == 0) {
                throw new MalformedPacketException(Reason.TRUNCATED, "compressed stream holds no message");
            }
            if ((inner[0] & 0xFF) == MessageType.COMPRESS.code()) {
                throw new MalformedPacketException(Reason.UNEXPECTED_TYPE, "compress inside compress on a stream");
            }
            try {
                return stream(inner, 0, inner.length, decompressedBytesMax);
            } catch (MalformedPacketException e) {
                if (e.reason() != Reason.TRUNCATED) {
                    throw e;
                }
                // More stream bytes cannot complete a message whose compressed form was complete.
                throw new MalformedPacketException(Reason.MALFORMED, "compressed message is incomplete", e);
            }
        }
        MsgPackReader r = new MsgPackReader(buf, offset + 1, length - 1);
        if (type == MessageType.PUSH_PULL) {
            return pushPull(buf, r);
        }
        if (type == MessageType.USER) {
            GoStruct.Values header = r.readStruct(GoStruct.USER_MSG_HEADER);
            int payloadLength = streamPayloadLength(header.number(0), "UserMsgLen");
            return new UserMessage(rawTail(buf, r, payloadLength, "user message"));
        }
        if (!hasStruct(type)) {
            throw new MalformedPacketException(Reason.UNEXPECTED_TYPE, "type " + (buf[offset] & 0xFF)
                    + " is not a stream message");
        }
        return struct(type, r);
    }

    private static MessageType type(byte[] buf, int offset, int length) throws MalformedPacketException {
        if (length < 1) {
            throw new MalformedPacketException(Reason.TRUNCATED, "no message type byte");
        }
        MessageType type = MessageType.fromCode(buf[offset] & 0xFF);
        if (type == null) {
            throw new MalformedPacketException(Reason.UNEXPECTED_TYPE, "unknown message type " + (buf[offset] & 0xFF));
        }
        return type;
    }

    private static boolean hasStruct(MessageType type) {
        return switch (type) {
            case PING, INDIRECT_PING, ACK_RESP, SUSPECT, ALIVE, DEAD, NACK_RESP, ERR -> true;
            default -> false;
        };
    }

    private static Message struct(MessageType type, MsgPackReader r) throws MalformedPacketException {
        switch (type) {
            case PING: {
                GoStruct.Values v = r.readStruct(GoStruct.PING);
                return new Ping(v.number(0), v.string(1), v.bytes(2), v.intNumber(3), v.string(4));
            }
            case INDIRECT_PING: {
                GoStruct.Values v = r.readStruct(GoStruct.INDIRECT_PING);
                return new IndirectPing(v.number(0), v.bytes(1), v.intNumber(2), v.string(3), v.bool(4),
                        v.bytes(5), v.intNumber(6), v.string(7));
            }
            case ACK_RESP: {
                GoStruct.Values v = r.readStruct(GoStruct.ACK);
                return new Ack(v.number(0), v.bytes(1));
            }
            case NACK_RESP:
                return new Nack(r.readStruct(GoStruct.NACK).number(0));
            case ERR:
                return new ErrorResponse(r.readStruct(GoStruct.ERR).string(0));
            case SUSPECT: {
                GoStruct.Values v = r.readStruct(GoStruct.SUSPECT);
                return new Suspect(v.number(0), v.string(1), v.string(2));
            }
            case DEAD: {
                GoStruct.Values v = r.readStruct(GoStruct.DEAD);
                return new Dead(v.number(0), v.string(1), v.string(2));
            }
            case ALIVE: {
                GoStruct.Values v = r.readStruct(GoStruct.ALIVE);
                return new Alive(v.number(0), v.string(1), v.bytes(2), v.intNumber(3), v.bytes(4), v.bytes(5));
            }
            default:
                throw new MalformedPacketException(Reason.UNEXPECTED_TYPE, type + " has no msgpack struct");
        }
    }

    /** Header, then exactly {@code Nodes} node states, then {@code UserStateLen} raw bytes (§2.3). */
    private static PushPull pushPull(byte[] buf, MsgPackReader r) throws MalformedPacketException {
        GoStruct.Values header = r.readStruct(GoStruct.PUSH_PULL_HEADER);
        long nodeCount = header.number(0);
        if (nodeCount > WireLimits.PUSH_PULL_NODES_MAX) {
            throw new MalformedPacketException(Reason.TOO_LARGE, "push/pull announces " + nodeCount
                    + " nodes, over the limit of " + WireLimits.PUSH_PULL_NODES_MAX);
        }
        int userStateLength = streamPayloadLength(header.number(1), "UserStateLen");
        // The count is remote input: grow the list as states actually arrive instead of trusting it.
        List<PushNodeState> nodes = new ArrayList<>((int) Math.min(nodeCount, 64));
        for (long i = 0; i < nodeCount; i++) {
            GoStruct.Values v = r.readStruct(GoStruct.PUSH_NODE_STATE);
            if (v.number(5) > Integer.MAX_VALUE) {
                throw new MalformedPacketException(Reason.OUT_OF_RANGE, "pushNodeState.State = " + v.number(5));
            }
            nodes.add(new PushNodeState(v.string(0), v.bytes(1), v.intNumber(2), v.bytes(3), v.number(4),
                    v.intNumber(5), v.bytes(6)));
        }
        // Go leaves the user state nil when UserStateLen is 0, and only then skips MergeRemoteState.
        byte[] userState = userStateLength == 0 ? null : rawTail(buf, r, userStateLength, "push/pull user state");
        return new PushPull(header.bool(2), nodes, userState);
    }

    private static int streamPayloadLength(long announced, String field) throws MalformedPacketException {
        if (announced > WireLimits.STREAM_PAYLOAD_BYTES_MAX) {
            throw new MalformedPacketException(Reason.TOO_LARGE, field + " = " + announced
                    + " is over the limit of " + WireLimits.STREAM_PAYLOAD_BYTES_MAX);
        }
        return (int) announced;
    }

    /** The {@code length} raw bytes that follow the msgpack values read so far. */
    private static byte[] rawTail(byte[] buf, MsgPackReader r, int length, String what)
            throws MalformedPacketException {
        if (r.remaining() < length) {
            throw new MalformedPacketException(Reason.TRUNCATED, what + " announces " + length
                    + " bytes but " + r.remaining() + " are left");
        }
        int from = r.position();
        return Arrays.copyOfRange(buf, from, from + length);
    }
}
