package io.memberlist.spring.raft.statemachine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The last {@code capacity} notifications published by applied commands, kept on every server (the same on
 * each, since apply is deterministic, and carried in snapshots), and the long polls of subscribers waiting on
 * the leader for the next one.
 *
 * <p>Eviction is remembered as {@link #evictedUpTo}: a poll asking for notifications after an older position
 * is told that it has a gap, so a subscriber learns it missed some rather than silently skipping them.
 */
final class NotificationLog {

    /** Most notifications one poll answer carries; the subscriber polls again at once for the rest. */
    static final int BATCH_MAX = 256;

    private final int capacity;
    private final ArrayDeque<BufferedNotification> retained = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Executor completer;
    private Position evictedUpTo = Position.START;

    private record Waiter(NotificationFilter filter, Position after, CompletableFuture<WireFormat.PollAnswer> answer,
                          ScheduledFuture<?>[] timeout) {
    }

    /**
     * @param capacity  how many notifications to keep (the longest gap a subscriber can bridge after a leader
     *                  change or a slow poll)
     * @param completer where waiting polls are completed, so the apply thread never runs reply code
     */
    NotificationLog(int capacity, Executor completer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("notification capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.completer = completer;
    }

    /** Records what one applied command published and answers the polls now satisfied. */
    void append(List<BufferedNotification> published) {
        if (published.isEmpty()) {
            return;
        }
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            for (BufferedNotification n : published) {
                if (retained.size() == capacity) {
                    evictedUpTo = retained.removeFirst().position();
                }
                retained.addLast(n);
            }
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (published.stream().anyMatch(waiter.filter()::matches)) {
                    it.remove();
                    WireFormat.PollAnswer answer = read(waiter.filter(), waiter.after());
                    completions.add(() -> complete(waiter, answer));
                }
            }
        }
        completions.forEach(completer::execute);
    }

    /**
     * Answers at once when a matching notification after {@code after} is retained (or some were evicted), else
     * when one is appended, else after {@code waitMillis} with none.
     */
    CompletableFuture<WireFormat.PollAnswer> poll(NotificationFilter filter, Position after, long waitMillis,
                                                  ScheduledExecutorService timer) {
        Waiter waiter;
        synchronized (this) {
            Position from = after.equals(Position.NOW) ? newest() : after;
            WireFormat.PollAnswer now = read(filter, from);
            if (now.gap() || !now.notifications().isEmpty() || waitMillis <= 0) {
                return CompletableFuture.completedFuture(now);
            }
            waiter = new Waiter(filter, from, new CompletableFuture<>(), new ScheduledFuture<?>[1]);
            waiters.add(waiter);
        }
        waiter.timeout()[0] = timer.schedule(() -> release(waiter), waitMillis, TimeUnit.MILLISECONDS);
        return waiter.answer();
    }

    /** Answers every waiting poll now (with what it has, usually nothing): on leadership loss or close. */
    void releaseAll() {
        List<Waiter> released;
        synchronized (this) {
            released = new ArrayList<>(waiters);
        }
        released.forEach(this::release);
    }

    synchronized int waiting() {
        return waiters.size();
    }

    private void release(Waiter waiter) {
        WireFormat.PollAnswer answer;
        synchronized (this) {
            if (!waiters.remove(waiter)) {
                return;
            }
            answer = read(waiter.filter(), waiter.after());
        }
        complete(waiter, answer);
    }

    private static void complete(Waiter waiter, WireFormat.PollAnswer answer) {
        ScheduledFuture<?> timeout = waiter.timeout()[0];
        if (timeout != null) {
            timeout.cancel(false);
        }
        waiter.answer().complete(answer);
    }

    /** Matching notifications after {@code after}; the cursor moves past non-matching ones too. */
    synchronized WireFormat.PollAnswer read(NotificationFilter filter, Position after) {
        boolean gap = evictedUpTo.isAfter(after);
        List<BufferedNotification> matching = new ArrayList<>();
        Position cursor = Position.max(after, newest());
        for (BufferedNotification n : retained) {
            if (!n.position().isAfter(after) || !filter.matches(n)) {
                continue;
            }
            if (matching.size() == BATCH_MAX) {
                cursor = matching.get(BATCH_MAX - 1).position();
                break;
            }
            matching.add(n);
        }
        return new WireFormat.PollAnswer(WireFormat.OK, gap, evictedUpTo, cursor, matching, null);
    }

    private Position newest() {
        return retained.isEmpty() ? evictedUpTo : retained.getLast().position();
    }

    synchronized void writeTo(DataOutputStream out) throws IOException {
        WireFormat.writePosition(out, evictedUpTo);
        WireFormat.writeNotifications(out, List.copyOf(retained));
    }

    /** Replaces the contents by a snapshot's; keeps only the newest {@code capacity} if it was taken larger. */
    synchronized void readFrom(DataInputStream in) throws IOException {
        Position evicted = WireFormat.readPosition(in);
        List<BufferedNotification> loaded = WireFormat.readNotifications(in);
        retained.clear();
        evictedUpTo = evicted;
        for (BufferedNotification n : loaded) {
            if (retained.size() == capacity) {
                evictedUpTo = retained.removeFirst().position();
            }
            retained.addLast(n);
        }
    }
}
