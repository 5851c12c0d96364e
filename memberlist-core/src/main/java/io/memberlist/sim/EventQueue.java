package io.memberlist.sim;

import java.util.Arrays;

/**
 * The simulator's pending events, earliest first, ties in scheduling order: a binary heap whose keys
 * (instant, sequence number) sit in two primitive arrays next to the events. A {@link java.util.PriorityQueue}
 * compared events through their objects, one cache miss per comparison, which made the queue almost half of
 * a 100,000-node run. The order is total (sequence numbers are unique), so any correct heap pops the same
 * sequence and runs replay.
 *
 * @param <E> the event type
 */
final class EventQueue<E> {
    private long[] at = new long[1024];
    private long[] order = new long[1024];
    private Object[] events = new Object[1024];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    /** The instant of the earliest event; only when not empty. */
    long peekAt() {
        return at[0];
    }

    void add(E event, long atNanos, long sequence) {
        if (size == at.length) {
            int grown = size * 2;
            at = Arrays.copyOf(at, grown);
            order = Arrays.copyOf(order, grown);
            events = Arrays.copyOf(events, grown);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(atNanos, sequence, at[parent], order[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, atNanos, sequence, event);
    }

    /** Removes and returns the earliest event; only when not empty. */
    @SuppressWarnings("unchecked")
    E poll() {
        E first = (E) events[0];
        int last = --size;
        long lastAt = at[last];
        long lastOrder = order[last];
        Object lastEvent = events[last];
        events[last] = null;
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && before(at[right], order[right], at[child], order[child])) {
                child = right;
            }
            if (!before(at[child], order[child], lastAt, lastOrder)) {
                break;
            }
            move(child, i);
            i = child;
        }
        if (last > 0) {
            set(i, lastAt, lastOrder, lastEvent);
        }
        return first;
    }

    private static boolean before(long at1, long order1, long at2, long order2) {
        return at1 != at2 ? at1 < at2 : order1 < order2;
    }

    private void move(int from, int to) {
        at[to] = at[from];
        order[to] = order[from];
        events[to] = events[from];
    }

    private void set(int i, long atNanos, long sequence, Object event) {
        at[i] = atNanos;
        order[i] = sequence;
        events[i] = event;
    }
}
