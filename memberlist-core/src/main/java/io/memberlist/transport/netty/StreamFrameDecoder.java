package io.memberlist.transport.netty;

import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Reads the one message a memberlist stream carries. Go writes it without a length prefix (unless
 * encrypted), so the decoder tries to parse what has arrived and waits for more while the message is
 * incomplete. Emits the {@link io.memberlist.wire.Message}, or a {@link Dropped} when it never will be one;
 * either way it then ignores the rest of the stream.
 */
final class StreamFrameDecoder extends ByteToMessageDecoder {
    private final Framing framing;
    private final boolean acceptor;
    private final Traffic traffic;
    private boolean done;

    StreamFrameDecoder(Framing framing, boolean acceptor, Traffic traffic) {
        this.framing = framing;
        this.acceptor = acceptor;
        this.traffic = traffic;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int readable = in.readableBytes();
        if (readable > Framing.STREAM_BYTES_MAX) {
            finish(in, out, new Dropped(Dropped.Reason.TOO_LARGE, "stream over " + Framing.STREAM_BYTES_MAX + " bytes"));
            return;
        }
        byte[] received = ByteBufUtil.getBytes(in, in.readerIndex(), readable, false);
        try {
            Object message = framing.decodeStream(received, acceptor);
            if (message != null) {
                traffic.streamBytesReceived.add(readable);
                finish(in, out, message);
            }
        } catch (Dropped d) {
            finish(in, out, d);
        }
    }

    /** The peer closed the stream mid-message: what it sent never became one, so it counts as malformed. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (!done && in.isReadable()) {
            decode(ctx, in, out);
            if (!done) {
                traffic.droppedMalformed.increment();
                in.skipBytes(in.readableBytes());
            }
        }
    }

    private void finish(ByteBuf in, List<Object> out, Object result) {
        done = true;
        in.skipBytes(in.readableBytes());
        out.add(result);
    }
}
