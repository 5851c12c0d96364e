package io.memberlist.transport.netty;

import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.memberlist.wire.MalformedPacketException;
import io.memberlist.wire.StreamExtent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.Arrays;

/**
 * Reads the one message a memberlist stream carries. Go writes it without a length prefix (unless
 * encrypted), so a {@link StreamExtent} follows the framing as bytes arrive and says where the message
 * ends; it is decoded once, when all of it is here. Bytes are appended to one array that grows by
 * doubling (or to the announced size), so a stream costs time and memory linear in its size, never more
 * than {@code maxBytes}, and, on the accepting side, only what {@link InboundStreams} grants.
 *
 * <p>Emits the {@link io.memberlist.wire.Message}, or a {@link Dropped} when it never will be one;
 * either way it then ignores the rest of the stream.
 */
final class StreamFrameDecoder extends ChannelInboundHandlerAdapter {
    private static final int FIRST_CAPACITY = 4096;

    private final Framing framing;
    private final boolean acceptor;
    private final Traffic traffic;
    private final int maxBytes;
    private final InboundStreams streams;
    private final InboundStreams.Slot slot;
    private final StreamExtent extent;
    private byte[] buf = new byte[0];
    private int size;
    private boolean done;

    /** A reader for a stream this node opened (its reply). */
    StreamFrameDecoder(Framing framing, Traffic traffic, int maxBytes) {
        this(framing, false, traffic, maxBytes, null, null);
    }

    /** A reader for a stream another node opened, within the bounds of {@code streams}. */
    StreamFrameDecoder(Framing framing, Traffic traffic, int maxBytes, InboundStreams streams,
                       InboundStreams.Slot slot) {
        this(framing, true, traffic, maxBytes, streams, slot);
    }

    private StreamFrameDecoder(Framing framing, boolean acceptor, Traffic traffic, int maxBytes,
                               InboundStreams streams, InboundStreams.Slot slot) {
        this.framing = framing;
        this.acceptor = acceptor;
        this.traffic = traffic;
        this.maxBytes = maxBytes;
        this.streams = streams;
        this.slot = slot;
        this.extent = new StreamExtent(acceptor, maxBytes);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            int n = in.readableBytes();
            if (done || n == 0) {
                return;
            }
            if (slot != null) {
                slot.read(n, System.nanoTime());
            }
            if (size + (long) n > maxBytes) {
                finish(ctx, verdict(new Dropped(Dropped.Reason.TOO_LARGE, "stream over the limit of " + maxBytes
                        + " bytes (maxStreamBytes)")));
                return;
            }
            if (!ensureCapacity(size + n)) {
                return; // over the node's budget: the stream was cut and counted
            }
            in.readBytes(buf, size, n);
            size += n;
            decodeIfComplete(ctx);
        } finally {
            in.release();
        }
    }

    private void decodeIfComplete(ChannelHandlerContext ctx) {
        int end;
        try {
            end = extent.end(buf, size);
        } catch (MalformedPacketException e) {
            finish(ctx, verdict(new Dropped(reasonOf(e), e.getMessage())));
            return;
        }
        if (end < 0) {
            return;
        }
        try {
            Object message = framing.decodeStream(end == buf.length ? buf : Arrays.copyOf(buf, end), acceptor);
            if (message == null) {
                message = new Dropped(Dropped.Reason.MALFORMED, "stream message incomplete at its announced end");
            } else {
                traffic.streamBytesReceived.add(size);
            }
            finish(ctx, message);
        } catch (Dropped d) {
            finish(ctx, d);
        }
    }

    /**
     * Grows the buffer to hold {@code needed} bytes: to the announced length once the framing told it (one
     * allocation, and no copy at the end), else by doubling. The growth is charged to the node's budget.
     */
    private boolean ensureCapacity(int needed) {
        if (needed <= buf.length) {
            return true;
        }
        int announced = extent.knownEnd();
        int capacity = announced >= needed ? announced
                : (int) Math.min(maxBytes, Math.max(needed, Math.max(FIRST_CAPACITY, 2L * buf.length)));
        if (streams != null && !streams.reserve(slot, capacity - buf.length)) {
            done = true;
            buf = new byte[0];
            return false;
        }
        buf = Arrays.copyOf(buf, capacity);
        return true;
    }

    private static Dropped.Reason reasonOf(MalformedPacketException e) {
        return switch (e.reason()) {
            case TOO_LARGE -> Dropped.Reason.TOO_LARGE;
            case UNEXPECTED_TYPE -> Dropped.Reason.UNKNOWN_TYPE;
            case BAD_LABEL -> Dropped.Reason.LABEL;
            default -> Dropped.Reason.MALFORMED;
        };
    }

    /**
     * Why the bytes so far can never become a message this node takes, as the framing judges them (a wrong
     * label or key comes first: that is the likelier story); {@code fallback} when the framing has no
     * objection yet. Parses once, when the stream is given up, so it costs no more than reading it did.
     */
    private Dropped verdict(Dropped fallback) {
        try {
            framing.decodeStream(Arrays.copyOf(buf, size), acceptor);
        } catch (Dropped d) {
            return d;
        }
        return fallback;
    }

    /** The peer closed the stream mid-message: what it sent never became one; counted by the framing's verdict. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done && size > 0 && (slot == null || !slot.cut)) {
            done = true;
            traffic.dropped(verdict(new Dropped(Dropped.Reason.MALFORMED, "closed mid-message")).reason());
        }
        buf = new byte[0];
        ctx.fireChannelInactive();
    }

    private void finish(ChannelHandlerContext ctx, Object result) {
        done = true;
        buf = new byte[0];
        ctx.fireChannelRead(result);
    }
}
