package io.memberlist.wire;

import java.nio.charset.StandardCharsets;

/**
 * Exact encoded sizes of messages as Go memberlist writes them (type byte + msgpack map with Go's field
 * names), computed without encoding. The protocol machine uses it to fill packets up to
 * {@code udpBufferSize}; the codec's tests hold it equal to the real encoder's output.
 *
 * <p>Rules (memberlist-protocol.md §2.1): strings and byte slices use fixstr/str16/str32, a nil byte slice
 * is one {@code 0xc0}, unsigned integers take the smallest form, maps of structs are fixmaps.
 */
public final class WireSize {
    /** Bytes a compound message adds per part (a 2-byte length), as Go's {@code compoundOverhead}. */
    public static final int COMPOUND_OVERHEAD = 2;
    /** Bytes of the compound header (type byte + part count), as Go's {@code compoundHeaderOverhead}. */
    public static final int COMPOUND_HEADER_OVERHEAD = 2;
    /** Most parts a compound message may carry: v0.2.2/v0.2.3 receivers mis-parse 128 or more. */
    public static final int COMPOUND_PARTS_MAX = 127;

    private WireSize() {
    }

    /** Encoded size of {@code m} as a packet message, type byte included. */
    public static int of(Message m) {
        return 1 + body(m);
    }

    /**
     * Encoded size of {@code m} as a stream message, type byte included: a user message carries a
     * {@code userMsgHeader} before its bytes on streams; every other message has its packet size.
     */
    public static int ofStream(Message m) {
        if (m instanceof UserMessage u) {
            int len = u.payload() == null ? 0 : u.payload().length;
            return 1 + 1 + key("UserMsgLen") + uint(len) + len;
        }
        return of(m);
    }

    /** Size of a {@code compress} message (type byte included) around {@code lzwBytes} of LZW data. */
    public static int compress(int lzwBytes) {
        return 1 + 1 + key("Algo") + uint(0) + key("Buf") + raw(lzwBytes);
    }

    /** Size of a compound packet carrying messages of these encoded sizes. */
    public static int compound(int partsBytes, int parts) {
        return parts == 1 ? partsBytes : COMPOUND_HEADER_OVERHEAD + parts * COMPOUND_OVERHEAD + partsBytes;
    }

    private static int body(Message m) {
        if (m instanceof Ping p) {
            int n = 1 + key("Node") + str(p.node()) + key("SeqNo") + uint(p.seqNo());
            return n + sourceFields(p.sourceAddr(), p.sourcePort(), p.sourceNode());
        }
        if (m instanceof IndirectPing p) {
            int n = 1 + key("Nack") + 1 + key("Node") + str(p.node()) + key("Port") + uint(p.port())
                    + key("SeqNo") + uint(p.seqNo()) + key("Target") + bytes(p.target());
            return n + sourceFields(p.sourceAddr(), p.sourcePort(), p.sourceNode());
        }
        if (m instanceof Ack a) {
            return 1 + key("Payload") + bytes(a.payload()) + key("SeqNo") + uint(a.seqNo());
        }
        if (m instanceof Nack n) {
            return 1 + key("SeqNo") + uint(n.seqNo());
        }
        if (m instanceof Suspect s) {
            return accusation(s.incarnation(), s.node(), s.from());
        }
        if (m instanceof Dead d) {
            return accusation(d.incarnation(), d.node(), d.from());
        }
        if (m instanceof Alive a) {
            return 1 + key("Addr") + bytes(a.addr()) + key("Incarnation") + uint(a.incarnation())
                    + key("Meta") + bytes(a.meta()) + key("Node") + str(a.node()) + key("Port") + uint(a.port())
                    + key("Vsn") + bytes(a.vsn());
        }
        if (m instanceof UserMessage u) {
            return u.payload() == null ? 0 : u.payload().length;
        }
        if (m instanceof ErrorResponse e) {
            return 1 + key("Error") + str(e.error());
        }
        if (m instanceof PushPull pp) {
            int n = 1 + key("Join") + 1 + key("Nodes") + uint(pp.nodes().size())
                    + key("UserStateLen") + uint(pp.userState() == null ? 0 : pp.userState().length);
            for (PushNodeState s : pp.nodes()) {
                n += nodeState(s);
            }
            return n + (pp.userState() == null ? 0 : pp.userState().length);
        }
        throw new IllegalArgumentException("no size for " + m.type());
    }

    /** Encoded size of one {@code pushNodeState} map. */
    public static int nodeState(PushNodeState s) {
        return 1 + key("Addr") + bytes(s.addr()) + key("Incarnation") + uint(s.incarnation())
                + key("Meta") + bytes(s.meta()) + key("Name") + str(s.name()) + key("Port") + uint(s.port())
                + key("State") + uint(s.state()) + key("Vsn") + bytes(s.vsn());
    }

    private static int accusation(long incarnation, String node, String from) {
        return 1 + key("From") + str(from) + key("Incarnation") + uint(incarnation) + key("Node") + str(node);
    }

    private static int sourceFields(byte[] addr, int port, String node) {
        int n = 0;
        if (addr != null && addr.length > 0) {
            n += key("SourceAddr") + bytes(addr);
        }
        if (node != null && !node.isEmpty()) {
            n += key("SourceNode") + str(node);
        }
        if (port > 0) {
            n += key("SourcePort") + uint(port);
        }
        return n;
    }

    private static int key(String name) {
        return 1 + name.length();
    }

    /** A string field; {@code null} is sized as {@code ""}, as the encoder writes it. */
    static int str(String s) {
        return s == null ? 1 : raw(utf8Length(s));
    }

    static int bytes(byte[] b) {
        return b == null ? 1 : raw(b.length);
    }

    static int raw(int len) {
        if (len < 32) {
            return 1 + len;
        }
        return len < 0x10000 ? 3 + len : 5 + len;
    }

    static int uint(long v) {
        if (v < 0x80) {
            return 1;
        }
        if (v < 0x100) {
            return 2;
        }
        if (v < 0x10000) {
            return 3;
        }
        return v < 0x1_0000_0000L ? 5 : 9;
    }

    private static int utf8Length(String s) {
        int len = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return len;
    }
}
