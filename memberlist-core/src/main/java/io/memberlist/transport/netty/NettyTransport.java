package io.memberlist.transport.netty;

import io.memberlist.MemberlistException;
import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.memberlist.transport.Transport;
import io.memberlist.wire.Address;
import io.memberlist.wire.DecodedPacket;
import io.memberlist.wire.Message;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Memberlist's UDP and TCP planes on Netty: a datagram socket and a stream listener on the same port, and
 * short-lived outbound streams. The datagram socket lives on the node's protocol loop; every stream, accepted
 * or opened, on a stream loop of its own (see {@link EventLoops}), so that reading a stream of many megabytes
 * never holds up a probe or an ack. What a stream delivers is handed to the node on its protocol loop, as
 * {@link Transport} promises. Inbound streams are held to the bounds of {@link InboundStreams}; no stream
 * carries more than {@code maxStreamBytes}.
 */
public final class NettyTransport implements Transport {
    /** Largest UDP payload that can be sent. */
    private static final int DATAGRAM_BYTES_MAX = 65_507;
    /** Socket buffers requested for the datagram socket, as Go does: bursts of gossip must not overflow. */
    private static final int UDP_BUFFER_BYTES = 2 * 1024 * 1024;
    /** Read buffer per datagram, Go's {@code udpPacketBufSize}: Netty's default (2048) cuts longer ones short. */
    private static final int DATAGRAM_READ_BYTES = 65_536;
    private static final int BIND_ATTEMPTS = 10;

    /**
     * Bytes one stream may read per turn of its loop: up to 4 reads of at most 64 KiB, so streams sharing
     * a loop take turns in steps of a few milliseconds (Netty's default is 16 reads).
     */
    private static final int STREAM_READS_PER_TURN = 4;
    private static final int STREAM_READ_BYTES_MAX = 64 * 1024;

    private final EventLoop loop;
    private final EventLoop streamLoop;
    private final Framing framing;
    private final Traffic traffic;
    private final Receiver receiver;
    private final int maxStreamBytes;
    private final InboundStreams inbound;
    private final ChannelGroup channels;
    private Channel udp;
    private Channel tcp;
    private Address bound;

    private NettyTransport(EventLoop loop, EventLoop streamLoop, Framing framing, Traffic traffic,
                           Receiver receiver, long streamTimeoutNanos, int maxStreamBytes) {
        this.loop = loop;
        this.streamLoop = streamLoop;
        this.framing = framing;
        this.traffic = traffic;
        this.receiver = new OnLoop(loop, receiver);
        this.maxStreamBytes = maxStreamBytes;
        // Twice the largest stream: one of the largest legitimate streams always fits beside an attacker's.
        this.inbound = new InboundStreams(streamLoop, traffic, this.receiver, streamTimeoutNanos,
                2L * maxStreamBytes);
        this.channels = new DefaultChannelGroup("memberlist", loop);
    }

    /**
     * Binds UDP and TCP on {@code bindAddress:port} (port 0: the same free port for both), the datagram
     * socket on {@code loop} and the streams on the next of {@link EventLoops#streams()}. Blocks until
     * bound; call it off the loop.
     *
     * @param streamTimeoutNanos the TCP timeout: how long a stream may take in all
     * @param maxStreamBytes     most bytes one stream may carry, either way
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static NettyTransport bind(EventLoop loop, String bindAddress, int port, Framing framing, Traffic traffic,
                                      Receiver receiver, long streamTimeoutNanos, int maxStreamBytes) {
        NettyTransport t = new NettyTransport(loop, EventLoops.nextStreamLoop(), framing, traffic, receiver,
                streamTimeoutNanos, maxStreamBytes);
        InetAddress ip;
        try {
            ip = InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("cannot resolve bind address '" + bindAddress + "'", e);
        }
        Exception last = null;
        for (int attempt = 0; attempt < (port == 0 ? BIND_ATTEMPTS : 1); attempt++) {
            try {
                t.bindBoth(ip, port);
                t.streamLoop.execute(t.inbound::start);
                return t;
            } catch (Exception e) {
                last = e;
                t.closeListeners();
            }
        }
        throw new UncheckedIOException("cannot bind memberlist to " + bindAddress + ":" + port
                + " (UDP and TCP): " + (last == null ? "" : last.getMessage())
                + "; choose another memberlist bind port, or 0 for a free one",
                new java.io.IOException(last));
    }

    private void bindBoth(InetAddress ip, int port) throws InterruptedException {
        ChannelFuture server = new ServerBootstrap()
                .group(loop, streamLoop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, streamReads())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                })
                .bind(new InetSocketAddress(ip, port)).sync();
        tcp = server.channel();
        int actual = ((InetSocketAddress) tcp.localAddress()).getPort();
        ChannelFuture datagram = new Bootstrap()
                .group(loop)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, UDP_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, UDP_BUFFER_BYTES)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_READ_BYTES))
                .handler(new PacketHandler(framing, receiver, traffic)) // on the loop: no hop needed
                .bind(new InetSocketAddress(ip, actual)).sync();
        udp = datagram.channel();
        bound = Address.of(ip, actual);
    }

    private void accept(SocketChannel ch) {
        channels.add(ch);
        traffic.streamsAccepted.increment();
        InboundStreams.Slot slot = inbound.admit(ch, System.nanoTime());
        ch.pipeline().addLast(new StreamFrameDecoder(framing, traffic, maxStreamBytes, inbound, slot),
                new InboundStreamHandler(framing, receiver, traffic, inbound, slot));
    }

    private static RecvByteBufAllocator streamReads() {
        return new AdaptiveRecvByteBufAllocator(64, 2048, STREAM_READ_BYTES_MAX)
                .maxMessagesPerRead(STREAM_READS_PER_TURN);
    }

    @Override
    public Address boundAddress() {
        return bound;
    }

    @Override
    public void sendPacket(Address to, List<? extends Message> messages, boolean crc) {
        byte[] bytes = framing.encodePacket(messages, crc);
        if (bytes.length > DATAGRAM_BYTES_MAX || !udp.isActive()) {
            traffic.droppedOverload.increment(); // outbound: not an input, so not counted by reason
            return;
        }
        if (!udp.isWritable()) {
            traffic.droppedOverload.increment(); // the socket is backed up: shed rather than queue
            return;
        }
        traffic.packetsSent.increment();
        traffic.packetBytesSent.add(bytes.length);
        for (Message m : messages) {
            traffic.sent(m);
        }
        udp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to.socketAddress()), udp.voidPromise());
    }

    @Override
    public CompletableFuture<Message> request(Address to, Message request, long timeoutNanos) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        open(to, request, timeoutNanos, reply, true);
        return reply;
    }

    @Override
    public CompletableFuture<Void> send(Address to, Message message, long timeoutNanos) {
        CompletableFuture<Message> written = new CompletableFuture<>();
        open(to, message, timeoutNanos, written, false);
        return written.thenApply(m -> null);
    }

    private void open(Address to, Message message, long timeoutNanos, CompletableFuture<Message> result,
                      boolean expectReply) {
        byte[] preamble = framing.streamPreamble();
        byte[] body = framing.encodeStream(message);
        if (preamble.length + body.length > maxStreamBytes) {
            result.completeExceptionally(new MemberlistException("a stream of " + (preamble.length + body.length)
                    + " bytes to " + to + " is over maxStreamBytes (" + maxStreamBytes + "), so peers would "
                    + "refuse it: send less, or raise maxStreamBytes on every node"));
            return;
        }
        traffic.streamsOpened.increment();
        long timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        ChannelFuture connect = new Bootstrap()
                .group(streamLoop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.RECVBUF_ALLOCATOR, streamReads())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (expectReply) {
                            ch.pipeline().addLast(new StreamFrameDecoder(framing, traffic, maxStreamBytes),
                                    new OutboundStreamHandler(result, traffic, to));
                        }
                    }
                })
                .connect(to.socketAddress());
        Channel ch = connect.channel();
        channels.add(ch);
        var timer = streamLoop.schedule(() -> {
            result.completeExceptionally(new MemberlistException("no answer from " + to + " within "
                    + timeoutMillis + " ms"));
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        result.whenComplete((m, e) -> {
            timer.cancel(false);
            ch.close();
        });
        connect.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new MemberlistException("cannot connect to " + to + ": "
                        + f.cause().getMessage(), f.cause()));
                return;
            }
            traffic.sent(message);
            traffic.streamBytesSent.add(preamble.length + body.length);
            ChannelFuture write = ch.writeAndFlush(Unpooled.wrappedBuffer(preamble, body));
            if (!expectReply) {
                write.addListener(w -> {
                    if (w.isSuccess()) {
                        result.complete(null);
                    } else {
                        result.completeExceptionally(new MemberlistException("cannot write to " + to, w.cause()));
                    }
                });
            }
        });
    }

    @Override
    public void close() {
        inbound.stop();
        closeListeners();
        channels.close();
    }

    /** A receiver called from a stream loop: every call is handed on to the node's protocol loop. */
    private record OnLoop(EventLoop loop, Receiver node) implements Receiver {
        @Override
        public void onPacket(Address from, DecodedPacket packet, int bytes) {
            run(() -> node.onPacket(from, packet, bytes));
        }

        @Override
        public void onStream(InboundStream stream, Address from, Message request) {
            run(() -> node.onStream(stream, from, request));
        }

        @Override
        public void onDropped(Dropped.Reason reason, String detail) {
            run(() -> node.onDropped(reason, detail));
        }

        private void run(Runnable call) {
            if (loop.inEventLoop()) {
                call.run();
            } else {
                loop.execute(call);
            }
        }
    }

    private void closeListeners() {
        if (udp != null) {
            udp.close().syncUninterruptibly();
        }
        if (tcp != null) {
            tcp.close().syncUninterruptibly();
        }
    }
}
