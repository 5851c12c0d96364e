package io.memberlist.transport.netty;

import io.memberlist.MemberlistException;
import io.memberlist.transport.Dropped;
import io.memberlist.transport.Traffic;
import io.memberlist.wire.Address;
import io.memberlist.wire.Message;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.CompletableFuture;

/** A stream this node opened: completes {@code reply} with the first message read, or with the failure. */
final class OutboundStreamHandler extends ChannelInboundHandlerAdapter {
    /**
     * Why a peer closes a stream without a word. A memberlist node that cannot read a stream drops it in
     * silence (Go too, for a wrong label or key: net.go {@code handleConn} only logs), so the dialer must guess.
     */
    static final String NO_REPLY_CAUSES = "the peer closed the stream without answering; likely a different "
            + "gossip key or label (the peer counts it as a dropped stream), or not a memberlist node, or it "
            + "is overloaded or shutting down";

    private final CompletableFuture<Message> reply;
    private final Traffic traffic;
    private final Address to;

    OutboundStreamHandler(CompletableFuture<Message> reply, Traffic traffic, Address to) {
        this.reply = reply;
        this.traffic = traffic;
        this.to = to;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Dropped d) {
            traffic.dropped(d.reason());
            reply.completeExceptionally(new MemberlistException("bad reply from " + to + ": " + d.getMessage()));
        } else {
            traffic.received((Message) msg);
            reply.complete((Message) msg);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!reply.isDone()) {
            traffic.streamsUnanswered.increment();
            reply.completeExceptionally(new MemberlistException("no reply from " + to + ": " + NO_REPLY_CAUSES));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reply.completeExceptionally(new MemberlistException("stream to " + to + " failed: " + cause.getMessage(),
                cause));
        ctx.close();
    }
}
