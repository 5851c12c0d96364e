package io.memberlist.transport.netty;

import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.memberlist.transport.Transport;
import io.memberlist.wire.Address;
import io.memberlist.wire.Message;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.net.InetSocketAddress;

/**
 * One accepted stream, on a stream loop: hands its request to the node (through a receiver that hops to
 * the node's protocol loop) and writes at most one reply, on the stream's own loop.
 */
final class InboundStreamHandler extends ChannelInboundHandlerAdapter implements Transport.InboundStream {
    private final Framing framing;
    private final Transport.Receiver receiver;
    private final Traffic traffic;
    private final InboundStreams streams;
    private final InboundStreams.Slot slot;
    private ChannelHandlerContext ctx;
    private boolean answered;

    InboundStreamHandler(Framing framing, Transport.Receiver receiver, Traffic traffic, InboundStreams streams,
                         InboundStreams.Slot slot) {
        this.framing = framing;
        this.receiver = receiver;
        this.traffic = traffic;
        this.streams = streams;
        this.slot = slot;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Dropped d) {
            traffic.dropped(d.reason());
            receiver.onDropped(d.reason(), d.getMessage() + " on a stream from " + ctx.channel().remoteAddress());
            close();
            return;
        }
        Message request = (Message) msg;
        traffic.received(request);
        if (!streams.serve(slot)) {
            return; // too many requests in progress: cut and counted
        }
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        receiver.onStream(this, Address.of(remote.getAddress(), remote.getPort()), request);
    }

    /** The stream's channel (for tests: what must become garbage once closed). */
    io.netty.channel.Channel channel() {
        return ctx.channel();
    }

    /** Called by the node on its protocol loop; the stream is written on its own loop. */
    @Override
    public void reply(Message reply) {
        onStreamLoop(() -> {
            if (answered) {
                return;
            }
            answered = true;
            byte[] bytes = framing.encodeStream(reply);
            traffic.sent(reply);
            traffic.streamBytesSent.add(bytes.length);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
        });
    }

    @Override
    public void close() {
        onStreamLoop(() -> {
            answered = true;
            ctx.close();
        });
    }

    private void onStreamLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
