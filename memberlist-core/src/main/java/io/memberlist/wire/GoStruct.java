package io.memberlist.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The decoding view of one memberlist Go struct: field names (matched exactly, as go-msgpack does) and
 * kinds, listed in Go declaration order because that order defines the msgpack array form that Go
 * decoders also accept. Encoding does not use this table: it writes the keys in Go's sorted order.
 */
final class GoStruct {
    /** The Go types memberlist's structs use, with the range a decoded integer must fit. */
    enum Kind {
        BOOL(1),
        UINT8(0xFFL),
        UINT16(0xFFFFL),
        UINT32(0xFFFF_FFFFL),
        /** Go {@code int} (64-bit); callers apply the tighter {@link WireLimits}. */
        INT(Long.MAX_VALUE),
        STRING(0),
        BYTES(0);

        final long max;

        Kind(long max) {
            this.max = max;
        }
    }

    static final GoStruct PING = new GoStruct("ping",
            "SeqNo", Kind.UINT32, "Node", Kind.STRING, "SourceAddr", Kind.BYTES, "SourcePort", Kind.UINT16,
            "SourceNode", Kind.STRING);
    static final GoStruct INDIRECT_PING = new GoStruct("indirectPingReq",
            "SeqNo", Kind.UINT32, "Target", Kind.BYTES, "Port", Kind.UINT16, "Node", Kind.STRING,
            "Nack", Kind.BOOL, "SourceAddr", Kind.BYTES, "SourcePort", Kind.UINT16, "SourceNode", Kind.STRING);
    static final GoStruct ACK = new GoStruct("ackResp", "SeqNo", Kind.UINT32, "Payload", Kind.BYTES);
    static final GoStruct NACK = new GoStruct("nackResp", "SeqNo", Kind.UINT32);
    static final GoStruct ERR = new GoStruct("errResp", "Error", Kind.STRING);
    static final GoStruct SUSPECT = new GoStruct("suspect",
            "Incarnation", Kind.UINT32, "Node", Kind.STRING, "From", Kind.STRING);
    static final GoStruct ALIVE = new GoStruct("alive",
            "Incarnation", Kind.UINT32, "Node", Kind.STRING, "Addr", Kind.BYTES, "Port", Kind.UINT16,
            "Meta", Kind.BYTES, "Vsn", Kind.BYTES);
    static final GoStruct DEAD = new GoStruct("dead",
            "Incarnation", Kind.UINT32, "Node", Kind.STRING, "From", Kind.STRING);
    static final GoStruct PUSH_PULL_HEADER = new GoStruct("pushPullHeader",
            "Nodes", Kind.INT, "UserStateLen", Kind.INT, "Join", Kind.BOOL);
    static final GoStruct PUSH_NODE_STATE = new GoStruct("pushNodeState",
            "Name", Kind.STRING, "Addr", Kind.BYTES, "Port", Kind.UINT16, "Meta", Kind.BYTES,
            "Incarnation", Kind.UINT32, "State", Kind.INT, "Vsn", Kind.BYTES);
    static final GoStruct USER_MSG_HEADER = new GoStruct("userMsgHeader", "UserMsgLen", Kind.INT);
    static final GoStruct COMPRESS = new GoStruct("compress", "Algo", Kind.UINT8, "Buf", Kind.BYTES);

    final String goName;
    private final String[] names;
    /** "struct.Field", precomputed so that error messages cost nothing on the happy path. */
    private final String[] qualifiedNames;
    private final byte[][] nameBytes;
    private final Kind[] kinds;

    /** {@code nameKindPairs}: name, kind, name, kind, ... in declaration order. */
    private GoStruct(String goName, Object... nameKindPairs) {
        this.goName = goName;
        int n = nameKindPairs.length / 2;
        names = new String[n];
        qualifiedNames = new String[n];
        nameBytes = new byte[n][];
        kinds = new Kind[n];
        for (int i = 0; i < n; i++) {
            names[i] = (String) nameKindPairs[2 * i];
            qualifiedNames[i] = goName + "." + names[i];
            nameBytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
            kinds[i] = (Kind) nameKindPairs[2 * i + 1];
        }
    }

    int fieldCount() {
        return names.length;
    }

    Kind kind(int field) {
        return kinds[field];
    }

    /** The field's name qualified by the struct's, as in {@code "ping.SeqNo"}. */
    String qualifiedName(int field) {
        return qualifiedNames[field];
    }

    /** The field whose Go name is exactly these bytes, or -1 (unknown keys are ignored by Go). */
    int indexOf(byte[] key) {
        for (int i = 0; i < nameBytes.length; i++) {
            if (Arrays.equals(nameBytes[i], key)) {
                return i;
            }
        }
        return -1;
    }

    /** Decoded field values, by declaration index; absent fields keep Go's zero values. */
    static final class Values {
        private final long[] numbers;
        private final Object[] objects;

        Values(GoStruct struct) {
            numbers = new long[struct.names.length];
            objects = new Object[struct.names.length];
            for (int i = 0; i < objects.length; i++) {
                if (struct.kinds[i] == Kind.STRING) {
                    objects[i] = "";
                }
            }
        }

        long number(int field) {
            return numbers[field];
        }

        int intNumber(int field) {
            return (int) numbers[field];
        }

        boolean bool(int field) {
            return numbers[field] != 0;
        }

        String string(int field) {
            return (String) objects[field];
        }

        byte[] bytes(int field) {
            return (byte[]) objects[field];
        }

        void setNumber(int field, long value) {
            numbers[field] = value;
        }

        void setObject(int field, Object value) {
            objects[field] = value;
        }
    }
}
