package io.memberlist.transport.netty;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event-loop threads every memberlist node in this JVM shares: one per core, daemon, created on first
 * use. A node is pinned to one loop for its whole life, so it costs no thread of its own.
 */
public final class EventLoops {
    private static volatile EventLoopGroup shared;

    private EventLoops() {
    }

    /** The shared group, created on first use. */
    public static EventLoopGroup shared() {
        EventLoopGroup g = shared;
        if (g == null) {
            synchronized (EventLoops.class) {
                g = shared;
                if (g == null) {
                    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
                    g = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("memberlist", true),
                            NioIoHandler.newFactory());
                    shared = g;
                }
            }
        }
        return g;
    }

    /** The loop for a new node: round-robin over the shared group. */
    public static EventLoop next() {
        return shared().next();
    }
}
