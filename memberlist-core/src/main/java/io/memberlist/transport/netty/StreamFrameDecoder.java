package io.memberlist.transport.netty;

import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.memberlist.wire.MalformedPacketException;
import io.memberlist.wire.StreamExtent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the one message a memberlist stream carries. Go writes it without a length prefix (unless
 * encrypted), so a {@link StreamExtent} follows the framing as bytes arrive and says where the message
 * ends; it is decoded once, when all of it is here.
 *
 * <p>Bytes are kept in two parts, so that no read costs more than copying what it read: the <b>head</b>, one
 * array that grows by doubling, holds everything until the extent knows the message's length (the label,
 * type and header; for a push/pull also its node states); after that, the <b>body</b> goes into chunks of at
 * most {@link #CHUNK_BYTES}, allocated as bytes arrive and never copied again until the message is whole.
 * (Allocating the announced length at once, 20 MiB for Go's largest user state, took the loop ~100 ms on a
 * VM, page faults and zeroing; growing one array copied it again and again.) The chunks are pooled direct
 * buffers, outside the Java heap: tens of megabytes of chunks that live for seconds would otherwise be
 * copied by every young collection, pausing every thread. A stream never holds more than
 * {@code maxBytes} and, on the accepting side, only what {@link InboundStreams} grants, charged per
 * allocation.
 *
 * <p>Emits the {@link io.memberlist.wire.Message}, or a {@link Dropped} when it never will be one;
 * either way it then ignores the rest of the stream.
 */
final class StreamFrameDecoder extends ChannelInboundHandlerAdapter {
    private static final int FIRST_CAPACITY = 4096;
    /** Largest body chunk: cheap to allocate on the loop, and little waste in the last one. */
    static final int CHUNK_BYTES = 256 * 1024;
    /**
     * Most bytes of the head the framing's verdict on a dropped stream looks at: the label, the type and
     * the encryption header decide it, and judging a prefix costs the same for any stream length.
     */
    private static final int VERDICT_BYTES = 64 * 1024;

    private final Framing framing;
    private final boolean acceptor;
    private final Traffic traffic;
    private final int maxBytes;
    private final InboundStreams streams;
    private final InboundStreams.Slot slot;
    private final StreamExtent extent;
    private byte[] head = new byte[0];
    private int headSize;
    private final List<ByteBuf> chunks = new ArrayList<>();
    /** Bytes received so far, whether kept or not. */
    private long size;
    /** Bytes kept (head and body), at most the message's end once it is known. */
    private int kept;
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
            if (size + n > maxBytes) {
                finish(ctx, verdict(new Dropped(Dropped.Reason.TOO_LARGE, "stream over the limit of " + maxBytes
                        + " bytes (maxStreamBytes)")));
                return;
            }
            size += n;
            boolean stored = extent.knownEnd() < 0 ? appendToHead(in, n) : appendToBody(ctx, in);
            if (stored) {
                decodeIfComplete(ctx);
            }
        } finally {
            in.release();
        }
    }

    private boolean appendToHead(ByteBuf in, int n) {
        if (headSize + n > head.length) {
            int capacity = (int) Math.min(maxBytes, Math.max(headSize + (long) n,
                    Math.max(FIRST_CAPACITY, 2L * head.length)));
            if (!reserve(capacity - head.length)) {
                return false;
            }
            head = Arrays.copyOf(head, capacity);
        }
        in.readBytes(head, headSize, n);
        headSize += n;
        kept = headSize;
        return true;
    }

    /** Keeps the bytes up to the message's end in chunks; what a stream sends beyond it is ignored. */
    private boolean appendToBody(ChannelHandlerContext ctx, ByteBuf in) {
        int end = extent.knownEnd();
        while (in.isReadable() && kept < end) {
            if (chunks.isEmpty() || !chunks.get(chunks.size() - 1).isWritable()) {
                int length = Math.min(CHUNK_BYTES, end - kept);
                if (!reserve(length)) {
                    return false;
                }
                chunks.add(ctx.alloc().directBuffer(length, length));
            }
            ByteBuf chunk = chunks.get(chunks.size() - 1);
            int take = Math.min(in.readableBytes(), Math.min(chunk.writableBytes(), end - kept));
            chunk.writeBytes(in, take);
            kept += take;
        }
        return true;
    }

    /** Charges {@code more} bytes to the node's budget; when over it, the stream was cut and counted. */
    private boolean reserve(int more) {
        if (streams != null && !streams.reserve(slot, more)) {
            done = true;
            release();
            return false;
        }
        return true;
    }

    private void decodeIfComplete(ChannelHandlerContext ctx) {
        if (extent.knownEnd() < 0) {
            try {
                extent.end(head, headSize);
            } catch (MalformedPacketException e) {
                finish(ctx, verdict(new Dropped(reasonOf(e), e.getMessage())));
                return;
            }
        }
        int end = extent.knownEnd();
        if (end < 0 || kept < end) {
            return;
        }
        try {
            Object message = framing.decodeStream(message(end), acceptor);
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

    /** The message's {@code end} bytes in one array: the one copy of the body, made once it is whole. */
    private byte[] message(int end) {
        if (chunks.isEmpty() && end == head.length) {
            return head;
        }
        byte[] whole = Arrays.copyOf(head, end);
        int at = Math.min(headSize, end);
        for (ByteBuf chunk : chunks) {
            int take = Math.min(chunk.readableBytes(), end - at);
            chunk.getBytes(chunk.readerIndex(), whole, at, take);
            at += take;
        }
        return whole;
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
     * objection yet. Judges at most {@link #VERDICT_BYTES} of the head, so giving a stream up costs the same
     * whatever it sent.
     */
    private Dropped verdict(Dropped fallback) {
        try {
            framing.decodeStream(Arrays.copyOf(head, Math.min(headSize, VERDICT_BYTES)), acceptor);
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
        release();
        ctx.fireChannelInactive();
    }

    /** The pipeline let go of this reader without the channel closing (a test, a shutdown): free the chunks. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        head = new byte[0];
        headSize = 0;
        chunks.forEach(ByteBuf::release);
        chunks.clear();
    }

    private void finish(ChannelHandlerContext ctx, Object result) {
        done = true;
        release();
        ctx.fireChannelRead(result);
    }
}
