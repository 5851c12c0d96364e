package io.memberlist.protocol;

import java.util.PriorityQueue;

/**
 * The machine's timers, as data: a priority queue of deadlines the driver learns through
 * {@code nextDeadline()} and hands back through {@code onTimeout(now)}. Cancelling only marks a timer;
 * it is dropped when it reaches the head. Equal deadlines fire in the order they were armed, so runs are
 * reproducible.
 */
final class Deadlines {

    /** What a timer is for; the subject says which node or request. */
    enum Kind { PROBE_TICK, PROBE_TIMEOUT, PROBE_END, GOSSIP_TICK, PUSH_PULL_TICK, SUSPICION, RELAY }

    static final class Timer {
        final long atNanos;
        final Kind kind;
        final Object subject;
        private final long order;
        private boolean cancelled;

        private Timer(long atNanos, Kind kind, Object subject, long order) {
            this.atNanos = atNanos;
            this.kind = kind;
            this.subject = subject;
            this.order = order;
        }

        void cancel() {
            cancelled = true;
        }
    }

    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> a.atNanos != b.atNanos
            ? Long.compare(a.atNanos, b.atNanos) : Long.compare(a.order, b.order));
    private long armed;

    Timer arm(long atNanos, Kind kind, Object subject) {
        Timer t = new Timer(atNanos, kind, subject, armed++);
        queue.add(t);
        return t;
    }

    /** The earliest live deadline, or {@link Long#MAX_VALUE} when nothing is armed. */
    long next() {
        dropCancelled();
        Timer head = queue.peek();
        return head == null ? Long.MAX_VALUE : head.atNanos;
    }

    /** Removes and returns the earliest live timer due at {@code nowNanos}, or null. */
    Timer pollDue(long nowNanos) {
        dropCancelled();
        Timer head = queue.peek();
        if (head == null || head.atNanos > nowNanos) {
            return null;
        }
        return queue.poll();
    }

    int size() {
        return queue.size();
    }

    private void dropCancelled() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
    }
}
