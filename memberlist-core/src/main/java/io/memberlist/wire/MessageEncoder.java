package io.memberlist.wire;

import java.util.List;

/**
 * Encodes messages byte for byte as Go memberlist v0.2.2 does: type byte, then a msgpack map whose keys
 * come in Go's (byte-wise sorted) order, {@code omitempty} only on the {@code Source*} fields.
 * Sizes come from {@link WireSize}, which this class therefore checks on every call.
 */
final class MessageEncoder {
    private static final byte[] ADDR = MsgPackWriter.key("Addr");
    private static final byte[] ALGO = MsgPackWriter.key("Algo");
    private static final byte[] BUF = MsgPackWriter.key("Buf");
    private static final byte[] ERROR = MsgPackWriter.key("Error");
    private static final byte[] FROM = MsgPackWriter.key("From");
    private static final byte[] INCARNATION = MsgPackWriter.key("Incarnation");
    private static final byte[] JOIN = MsgPackWriter.key("Join");
    private static final byte[] META = MsgPackWriter.key("Meta");
    private static final byte[] NACK = MsgPackWriter.key("Nack");
    private static final byte[] NAME = MsgPackWriter.key("Name");
    private static final byte[] NODE = MsgPackWriter.key("Node");
    private static final byte[] NODES = MsgPackWriter.key("Nodes");
    private static final byte[] PAYLOAD = MsgPackWriter.key("Payload");
    private static final byte[] PORT = MsgPackWriter.key("Port");
    private static final byte[] SEQ_NO = MsgPackWriter.key("SeqNo");
    private static final byte[] SOURCE_ADDR = MsgPackWriter.key("SourceAddr");
    private static final byte[] SOURCE_NODE = MsgPackWriter.key("SourceNode");
    private static final byte[] SOURCE_PORT = MsgPackWriter.key("SourcePort");
    private static final byte[] STATE = MsgPackWriter.key("State");
    private static final byte[] TARGET = MsgPackWriter.key("Target");
    private static final byte[] USER_MSG_LEN = MsgPackWriter.key("UserMsgLen");
    private static final byte[] USER_STATE_LEN = MsgPackWriter.key("UserStateLen");
    private static final byte[] VSN = MsgPackWriter.key("Vsn");

    private static final long UINT16_MAX = 0xFFFFL;
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private MessageEncoder() {
    }

    /** The packet form; push/pull exists only on streams. */
    static byte[] packet(Message m) {
        if (m instanceof UserMessage u) {
            byte[] payload = u.payload() == null ? new byte[0] : u.payload();
            byte[] out = new byte[1 + payload.length];
            out[0] = (byte) MessageType.USER.code();
            System.arraycopy(payload, 0, out, 1, payload.length);
            return out;
        }
        if (m instanceof PushPull) {
            throw new IllegalArgumentException("push/pull is a stream message; use encodeStreamMessage");
        }
        MsgPackWriter w = new MsgPackWriter(WireSize.of(m), m.type());
        struct(m, w);
        return w.finish();
    }

    /** The stream form: push/pull and user messages get their header + raw bytes layout. */
    static byte[] stream(Message m) {
        if (m instanceof PushPull pp) {
            return pushPull(pp);
        }
        if (m instanceof UserMessage u) {
            byte[] payload = u.payload() == null ? new byte[0] : u.payload();
            checkStreamPayload(payload.length, "user message");
            MsgPackWriter w = new MsgPackWriter(WireSize.ofStream(m), MessageType.USER);
            w.mapHeader(1).key(USER_MSG_LEN).uint(payload.length);
            return w.raw(payload).finish();
        }
        return packet(m);
    }

    /** The {@code compress} message around already compressed bytes. */
    static byte[] compress(byte[] lzw) {
        MsgPackWriter w = new MsgPackWriter(WireSize.compress(lzw.length), MessageType.COMPRESS);
        return w.mapHeader(2).key(ALGO).uint(0).key(BUF).bytes(lzw).finish();
    }

    private static void struct(Message m, MsgPackWriter w) {
        if (m instanceof Ping p) {
            ping(p, w);
        } else if (m instanceof IndirectPing p) {
            indirectPing(p, w);
        } else if (m instanceof Ack a) {
            w.mapHeader(2).key(PAYLOAD).bytes(a.payload()).key(SEQ_NO).uint(u32(a.seqNo(), "SeqNo"));
        } else if (m instanceof Nack n) {
            w.mapHeader(1).key(SEQ_NO).uint(u32(n.seqNo(), "SeqNo"));
        } else if (m instanceof Suspect s) {
            accusation(s.incarnation(), s.node(), s.from(), w);
        } else if (m instanceof Dead d) {
            accusation(d.incarnation(), d.node(), d.from(), w);
        } else if (m instanceof Alive a) {
            w.mapHeader(6).key(ADDR).bytes(a.addr()).key(INCARNATION).uint(u32(a.incarnation(), "Incarnation"))
                    .key(META).bytes(a.meta()).key(NODE).string(a.node()).key(PORT).uint(u16(a.port(), "Port"))
                    .key(VSN).bytes(a.vsn());
        } else if (m instanceof ErrorResponse e) {
            w.mapHeader(1).key(ERROR).string(e.error());
        } else {
            throw new IllegalArgumentException("no msgpack struct for " + m.type());
        }
    }

    private static void ping(Ping p, MsgPackWriter w) {
        boolean hasAddr = p.sourceAddr() != null && p.sourceAddr().length > 0;
        int sourcePort = u16(p.sourcePort(), "SourcePort");
        int entries = 2 + optionalCount(hasAddr, p.sourceNode(), sourcePort);
        w.mapHeader(entries).key(NODE).string(p.node()).key(SEQ_NO).uint(u32(p.seqNo(), "SeqNo"));
        sourceFields(hasAddr, p.sourceAddr(), p.sourceNode(), sourcePort, w);
    }

    private static void indirectPing(IndirectPing p, MsgPackWriter w) {
        boolean hasAddr = p.sourceAddr() != null && p.sourceAddr().length > 0;
        int sourcePort = u16(p.sourcePort(), "SourcePort");
        int entries = 5 + optionalCount(hasAddr, p.sourceNode(), sourcePort);
        w.mapHeader(entries).key(NACK).bool(p.nack()).key(NODE).string(p.node())
                .key(PORT).uint(u16(p.port(), "Port")).key(SEQ_NO).uint(u32(p.seqNo(), "SeqNo"));
        sourceFields(hasAddr, p.sourceAddr(), p.sourceNode(), sourcePort, w);
        w.key(TARGET).bytes(p.target());
    }

    private static int optionalCount(boolean hasAddr, String sourceNode, int sourcePort) {
        return (hasAddr ? 1 : 0) + (sourceNode.isEmpty() ? 0 : 1) + (sourcePort > 0 ? 1 : 0);
    }

    /** The {@code omitempty} fields, in Go's sorted key order; empty ones are left out entirely. */
    private static void sourceFields(boolean hasAddr, byte[] addr, String node, int port, MsgPackWriter w) {
        if (hasAddr) {
            w.key(SOURCE_ADDR).bytes(addr);
        }
        if (!node.isEmpty()) {
            w.key(SOURCE_NODE).string(node);
        }
        if (port > 0) {
            w.key(SOURCE_PORT).uint(port);
        }
    }

    private static void accusation(long incarnation, String node, String from, MsgPackWriter w) {
        w.mapHeader(3).key(FROM).string(from).key(INCARNATION).uint(u32(incarnation, "Incarnation"))
                .key(NODE).string(node);
    }

    private static byte[] pushPull(PushPull pp) {
        List<PushNodeState> nodes = pp.nodes();
        if (nodes.size() > WireLimits.PUSH_PULL_NODES_MAX) {
            throw new IllegalArgumentException("push/pull with " + nodes.size() + " nodes is over the limit of "
                    + WireLimits.PUSH_PULL_NODES_MAX);
        }
        byte[] userState = pp.userState() == null ? new byte[0] : pp.userState();
        checkStreamPayload(userState.length, "push/pull user state");
        MsgPackWriter w = new MsgPackWriter(WireSize.of(pp), MessageType.PUSH_PULL);
        w.mapHeader(3).key(JOIN).bool(pp.join()).key(NODES).uint(nodes.size())
                .key(USER_STATE_LEN).uint(userState.length);
        for (PushNodeState s : nodes) {
            if (s.state() < 0) {
                throw new IllegalArgumentException("node state must not be negative, got " + s.state());
            }
            w.mapHeader(7).key(ADDR).bytes(s.addr()).key(INCARNATION).uint(u32(s.incarnation(), "Incarnation"))
                    .key(META).bytes(s.meta()).key(NAME).string(s.name()).key(PORT).uint(u16(s.port(), "Port"))
                    .key(STATE).uint(s.state()).key(VSN).bytes(s.vsn());
        }
        return w.raw(userState).finish();
    }

    private static void checkStreamPayload(int length, String what) {
        if (length > WireLimits.STREAM_PAYLOAD_BYTES_MAX) {
            throw new IllegalArgumentException(what + " of " + length + " bytes is over the limit of "
                    + WireLimits.STREAM_PAYLOAD_BYTES_MAX);
        }
    }

    private static long u32(long v, String field) {
        if (v < 0 || v > UINT32_MAX) {
            throw new IllegalArgumentException(field + " must be a uint32, got " + v);
        }
        return v;
    }

    private static int u16(int v, String field) {
        if (v < 0 || v > UINT16_MAX) {
            throw new IllegalArgumentException(field + " must be a uint16, got " + v);
        }
        return v;
    }
}
