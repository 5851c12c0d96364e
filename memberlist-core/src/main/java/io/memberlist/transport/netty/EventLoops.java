package io.memberlist.transport.netty;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event-loop threads every memberlist node in this JVM shares, in two groups of one thread per core,
 * daemon, created on first use:
 * <ul>
 *   <li>the <b>protocol</b> loops ({@link #shared()}): a node's machine, timers and datagrams. A node is
 *       pinned to one for its whole life, so it costs no thread of its own;</li>
 *   <li>the <b>stream</b> loops ({@link #streams()}): every TCP stream, accepted or opened, is read and
 *       decoded there. A stream may carry up to {@code maxStreamBytes} (20 MiB and more), and reading,
 *       buffering and decoding that much takes the loop that does it for tens of milliseconds at a time;
 *       on the protocol loop that delayed acks and probes until peers suspected the node. Go reads each
 *       connection on a goroutine of its own (net.go {@code handleConn}), apart from the probe loop.</li>
 * </ul>
 */
public final class EventLoops {
    private static volatile EventLoopGroup shared;
    private static volatile EventLoopGroup streams;

    private EventLoops() {
    }

    /** The protocol loops, created on first use. */
    public static EventLoopGroup shared() {
        EventLoopGroup g = shared;
        if (g == null) {
            synchronized (EventLoops.class) {
                g = shared;
                if (g == null) {
                    g = group("memberlist");
                    shared = g;
                }
            }
        }
        return g;
    }

    /** The stream loops, created on first use. */
    public static EventLoopGroup streams() {
        EventLoopGroup g = streams;
        if (g == null) {
            synchronized (EventLoops.class) {
                g = streams;
                if (g == null) {
                    g = group("memberlist-streams");
                    streams = g;
                }
            }
        }
        return g;
    }

    /** The protocol loop for a new node: round-robin over {@link #shared()}. */
    public static EventLoop next() {
        return shared().next();
    }

    /** The stream loop for a new node: round-robin over {@link #streams()}. */
    public static EventLoop nextStreamLoop() {
        return streams().next();
    }

    private static EventLoopGroup group(String name) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
                NioIoHandler.newFactory());
    }
}
