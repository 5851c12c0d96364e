package io.memberlist.transport.netty;

import io.memberlist.MemberlistException;
import io.memberlist.transport.Dropped;
import io.memberlist.transport.Traffic;
import io.memberlist.wire.Message;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.CompletableFuture;

/** A stream this node opened: completes {@code reply} with the first message read, or with the failure. */
final class OutboundStreamHandler extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<Message> reply;
    private final Traffic traffic;

    OutboundStreamHandler(CompletableFuture<Message> reply, Traffic traffic) {
        this.reply = reply;
        this.traffic = traffic;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Dropped d) {
            traffic.dropped(d.reason());
            reply.completeExceptionally(new MemberlistException("bad reply from " + ctx.channel().remoteAddress()
                    + ": " + d.getMessage()));
        } else {
            traffic.received((Message) msg);
            reply.complete((Message) msg);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reply.completeExceptionally(new MemberlistException("stream to " + ctx.channel().remoteAddress()
                + " closed before a reply"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reply.completeExceptionally(new MemberlistException("stream to " + ctx.channel().remoteAddress()
                + " failed: " + cause.getMessage(), cause));
        ctx.close();
    }
}
