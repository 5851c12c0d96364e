package io.memberlist.wire;

import io.memberlist.wire.MalformedPacketException.Reason;

import java.util.Arrays;

/**
 * Where the one message of a stream ends, found while its bytes are still arriving, so a reader decodes it
 * once instead of re-parsing everything on every read. Go reads a stream through a buffered reader and
 * knows each length as it goes (net.go {@code readStream}, {@code readRemoteState}, {@code readUserMsg});
 * this is the same walk, resumable: it remembers how far it got, so each byte is looked at about once and
 * the work is linear in the stream's size.
 *
 * <p>It reads only framing: the label header, the type byte, an encrypted frame's length, a user message's
 * or push/pull's header (whose lengths it checks against {@code maxBytes} before the bytes arrive), then
 * steps over msgpack values by their headers. Decoding and every other check stay with the decoder.
 * One instance per stream; not thread-safe.
 */
public final class StreamExtent {
    private enum Phase { LABEL, TYPE, NODES, DONE }

    private final boolean labelled;
    private final int maxBytes;
    private Phase phase;
    private int position;
    private long nodesLeft;
    private long tail;
    private int end = -1;

    /**
     * @param acceptor whether this side accepted the stream: only then may it start with a label header
     * @param maxBytes most bytes the whole stream may take; a stream that announces or sends more is refused
     */
    public StreamExtent(boolean acceptor, int maxBytes) {
        this.labelled = acceptor;
        this.maxBytes = maxBytes;
        this.phase = acceptor ? Phase.LABEL : Phase.TYPE;
    }

    /**
     * The length of the stream's message (label header included) once {@code size} bytes of {@code buf}
     * hold it all, else -1: read more and call again with the same buffer grown.
     *
     * @throws MalformedPacketException {@code TOO_LARGE} when the stream announces or has sent more than
     *     {@code maxBytes}; another reason when its framing can never become a message
     */
    public int end(byte[] buf, int size) throws MalformedPacketException {
        if (phase == Phase.LABEL) {
            walkLabel(buf, size);
        }
        if (phase == Phase.TYPE) {
            walkType(buf, size);
        }
        if (phase == Phase.NODES) {
            walkNodes(buf, size);
        }
        if (phase != Phase.DONE && size > maxBytes) {
            throw tooLarge("a stream sent " + size + " bytes without completing its message");
        }
        return phase == Phase.DONE && size >= end ? end : -1;
    }

    /** The stream's length as announced so far, once known (the bytes may still be arriving), else -1. */
    public int knownEnd() {
        return phase == Phase.DONE ? end : -1;
    }

    private void walkLabel(byte[] buf, int size) throws MalformedPacketException {
        if (size == 0) {
            return;
        }
        try {
            position = Label.headerLength(Arrays.copyOf(buf, Math.min(size, 2 + WireLimits.LABEL_BYTES_MAX)));
            phase = Phase.TYPE;
        } catch (MalformedPacketException e) {
            if (e.reason() != Reason.TRUNCATED) {
                throw e;
            }
        }
    }

    private void walkType(byte[] buf, int size) throws MalformedPacketException {
        if (size <= position) {
            return;
        }
        int code = buf[position] & 0xFF;
        MessageType type = MessageType.fromCode(code);
        if (type == null) {
            throw new MalformedPacketException(Reason.UNEXPECTED_TYPE, "unknown message type " + code
                    + " on a stream");
        }
        if (type == MessageType.ENCRYPT) {
            if (size - position >= 5) {
                long length = ((buf[position + 1] & 0xFFL) << 24) | ((buf[position + 2] & 0xFFL) << 16)
                        | ((buf[position + 3] & 0xFFL) << 8) | (buf[position + 4] & 0xFFL);
                finish(position + 5 + length, "an encrypted stream of " + length + " bytes");
            }
            return;
        }
        MsgPackReader r = new MsgPackReader(buf, position + 1, size - position - 1);
        try {
            if (type == MessageType.USER) {
                long length = r.readStruct(GoStruct.USER_MSG_HEADER).number(0);
                finish(r.position() + length, "a user message of " + length + " bytes");
            } else if (type == MessageType.PUSH_PULL) {
                GoStruct.Values header = r.readStruct(GoStruct.PUSH_PULL_HEADER);
                nodesLeft = header.number(0);
                tail = header.number(1);
                if (nodesLeft > WireLimits.PUSH_PULL_NODES_MAX || tail > maxBytes) {
                    throw tooLarge("a push/pull announcing " + nodesLeft + " nodes and " + tail
                            + " bytes of user state");
                }
                position = r.position();
                phase = Phase.NODES;
            } else {
                r.skipValue(type.name().toLowerCase(java.util.Locale.ROOT));
                finish(r.position(), "a message");
            }
        } catch (MalformedPacketException e) {
            if (e.reason() != Reason.TRUNCATED) {
                throw e;
            }
        }
    }

    /** Push/pull node states, one msgpack value each; remembers the last complete one. */
    private void walkNodes(byte[] buf, int size) throws MalformedPacketException {
        MsgPackReader r = new MsgPackReader(buf, position, size - position);
        try {
            while (nodesLeft > 0) {
                r.skipValue("pushNodeState");
                nodesLeft--;
                position = r.position();
            }
        } catch (MalformedPacketException e) {
            if (e.reason() != Reason.TRUNCATED) {
                throw e;
            }
            return;
        }
        finish(position + tail, "a push/pull");
    }

    private void finish(long length, String what) throws MalformedPacketException {
        if (length > maxBytes) {
            throw tooLarge(what + " takes " + length + " bytes");
        }
        end = (int) length;
        phase = Phase.DONE;
    }

    private MalformedPacketException tooLarge(String what) {
        return new MalformedPacketException(Reason.TOO_LARGE, what + ", over the stream limit of " + maxBytes
                + " bytes (maxStreamBytes)");
    }
}
