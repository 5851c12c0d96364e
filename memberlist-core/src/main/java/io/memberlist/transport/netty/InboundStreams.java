package io.memberlist.transport.netty;

import io.memberlist.transport.Dropped;
import io.memberlist.transport.Traffic;
import io.memberlist.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bounds on the streams other nodes open to this one, so that no number of idle, trickling or huge
 * connections can keep an honest push/pull out. Confined to the node's stream loop (see {@link EventLoops}).
 *
 * <ul>
 *   <li><b>Requests being served</b> (read, not yet answered) are capped at {@link #SERVING_MAX}, Go's
 *       {@code maxPushPullRequests} (net.go {@code handleConn}); Go counts only push/pulls in progress, and so
 *       do we in effect, since every other request is answered at once.</li>
 *   <li><b>Connections still reading their request</b> are many more ({@link #READING_MAX}); when they are all
 *       taken, the oldest is cut for the newcomer, so an attacker must outpace honest peers to hold a slot.</li>
 *   <li><b>Deadlines</b>: every stream is cut {@code tcpTimeout} after it was accepted, as Go's
 *       {@code conn.SetDeadline}. Diverges from Go: a stream still reading is also cut when it pauses longer
 *       than {@code idle} (a quarter of the TCP timeout, at least {@link #IDLE_MIN_NANOS}) or, once that long has passed, delivers less than
 *       {@link #MIN_BYTES_PER_SECOND} on average; Go would let it sit for the whole TCP timeout, which is what
 *       lets idle and slowloris connections hold every slot.</li>
 *   <li><b>Memory</b>: the bytes buffered by incomplete requests together stay under {@code budgetBytes}; a
 *       stream that would go over it is cut.</li>
 * </ul>
 * A single sweep task checks the deadlines, so a connection costs no timer of its own (per-connection
 * timers kept every closed channel reachable until they fired). Every cut is counted and reported.
 */
final class InboundStreams {
    /** Requests read and being answered at once: Go's {@code maxPushPullRequests}. */
    static final int SERVING_MAX = 128;
    /** Connections still reading their request; beyond it the oldest is cut. */
    static final int READING_MAX = 1024;
    /** Slowest average a request may arrive at, once {@code idle} has passed since it was accepted. */
    static final long MIN_BYTES_PER_SECOND = 1024;
    /**
     * Shortest idle limit: an honest dialer writes its request right after connecting, but a busy JVM (GC,
     * the first AES use) can take a few hundred milliseconds to get there.
     */
    static final long IDLE_MIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventLoop loop;
    private final Traffic traffic;
    private final Transport.Receiver receiver;
    private final long timeoutNanos;
    private final long idleNanos;
    private final long budgetBytes;
    private final Map<Channel, Slot> reading = new LinkedHashMap<>();
    private final Map<Channel, Slot> serving = new LinkedHashMap<>();
    private long bufferedBytes;
    private ScheduledFuture<?> sweeper;

    InboundStreams(EventLoop loop, Traffic traffic, Transport.Receiver receiver, long timeoutNanos,
                   long budgetBytes) {
        this.loop = loop;
        this.traffic = traffic;
        this.receiver = receiver;
        this.timeoutNanos = timeoutNanos;
        this.idleNanos = Math.min(timeoutNanos, Math.max(IDLE_MIN_NANOS, timeoutNanos / 4));
        this.budgetBytes = budgetBytes;
    }

    /** How long a stream still reading may stay silent. */
    long idleNanos() {
        return idleNanos;
    }

    /**
     * Starts the sweep: four times per idle period, so a cut comes at most a quarter late. A sweep that runs
     * late means the loop itself stalled, and streams could not have been read meanwhile: it cuts nothing.
     */
    void start() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), idleNanos / 4);
        long[] last = {System.nanoTime()};
        sweeper = loop.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            boolean stalled = now - last[0] > 2 * period;
            last[0] = now;
            if (!stalled) {
                sweep(now);
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    /** A new connection: its slot, after making room; forgotten again when the channel closes. */
    Slot admit(Channel ch, long now) {
        if (reading.size() >= READING_MAX) {
            Map.Entry<Channel, Slot> oldest = reading.entrySet().iterator().next();
            cut(oldest.getValue(), Dropped.Reason.OVERLOAD, "the oldest of " + READING_MAX
                    + " streams still reading, cut for a new one");
        }
        Slot slot = new Slot(ch, now);
        reading.put(ch, slot);
        ch.closeFuture().addListener(f -> forget(slot));
        return slot;
    }

    /** The slot's request was read: it is being served now, unless too many already are (then false). */
    boolean serve(Slot slot) {
        release(slot);
        reading.remove(slot.channel);
        if (serving.size() >= SERVING_MAX) {
            cut(slot, Dropped.Reason.OVERLOAD, SERVING_MAX + " requests already in progress");
            return false;
        }
        serving.put(slot.channel, slot);
        return true;
    }

    /** Whether {@code more} bytes may be buffered for {@code slot}; false (and the stream cut) when over budget. */
    boolean reserve(Slot slot, int more) {
        if (bufferedBytes + more > budgetBytes) {
            cut(slot, Dropped.Reason.OVERLOAD, "incomplete streams would buffer over " + budgetBytes + " bytes");
            return false;
        }
        bufferedBytes += more;
        slot.buffered += more;
        return true;
    }

    /** Bytes buffered by incomplete streams now. */
    long bufferedBytes() {
        return bufferedBytes;
    }

    int readingCount() {
        return reading.size();
    }

    int servingCount() {
        return serving.size();
    }

    void sweep(long now) {
        List<Slot> late = new ArrayList<>();
        for (Iterator<Slot> it = reading.values().iterator(); it.hasNext(); ) {
            Slot s = it.next();
            String why = s.tooSlow(now);
            if (why != null) {
                s.cutFor = why;
                late.add(s);
            }
        }
        for (Slot s : serving.values()) {
            if (now - s.acceptedAt > timeoutNanos) {
                s.cutFor = "not answered within the TCP timeout";
                late.add(s);
            }
        }
        for (Slot s : late) {
            cut(s, Dropped.Reason.TIMEOUT, s.cutFor);
        }
    }

    private void cut(Slot slot, Dropped.Reason reason, String why) {
        slot.cut = true;
        forget(slot);
        traffic.dropped(reason);
        receiver.onDropped(reason, "stream from " + slot.channel.remoteAddress() + " cut: " + why);
        slot.channel.close();
    }

    private void forget(Slot slot) {
        release(slot);
        reading.remove(slot.channel);
        serving.remove(slot.channel);
    }

    private void release(Slot slot) {
        bufferedBytes -= slot.buffered;
        slot.buffered = 0;
    }

    /** One accepted connection's progress, updated by its reader. */
    final class Slot {
        final Channel channel;
        final long acceptedAt;
        long lastReadAt;
        long bytesRead;
        long buffered;
        String cutFor;
        /** Whether these bounds cut the stream (and counted it): its reader must not count it again. */
        boolean cut;

        Slot(Channel channel, long acceptedAt) {
            this.channel = channel;
            this.acceptedAt = acceptedAt;
            this.lastReadAt = acceptedAt;
        }

        void read(int bytes, long now) {
            bytesRead += bytes;
            lastReadAt = now;
        }

        /** Why this stream, still reading, must be cut now; null while it keeps up. */
        String tooSlow(long now) {
            long age = now - acceptedAt;
            if (age > timeoutNanos) {
                return "request not complete within the TCP timeout";
            }
            if (now - lastReadAt > idleNanos) {
                return bytesRead == 0 ? "nothing sent for " + idleNanos / 1_000_000 + " ms"
                        : "silent for over " + idleNanos / 1_000_000 + " ms";
            }
            if (age > idleNanos && bytesRead * 1_000_000_000L < MIN_BYTES_PER_SECOND * age) {
                return "sent " + bytesRead + " bytes in " + age / 1_000_000 + " ms, under "
                        + MIN_BYTES_PER_SECOND + " bytes/s";
            }
            return null;
        }
    }
}
