package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.Subscription;
import io.memberlist.spring.raft.builtin.LockReply.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A named lock of the raft group held by one owner (this object) for a lease it renews while held: a thin facade
 * over the {@link LockMachine}, which must be registered in the group.
 *
 * <p><b>Safe only with the fencing token.</b> A holder can be paused (GC, a partition) past its lease while
 * another owner is granted the lock; this object notices late. Pass {@link #fencingToken()} with every write to
 * the protected resource and have the resource refuse a token lower than one it has seen.
 *
 * <p>{@link #isHeld()} is a conservative local estimate: the lease is counted from when this node
 * <em>sent</em> the acquire or renewal (the grant's commit time is later), by this node's monotonic clock.
 * A renewal runs every third of the lease on {@code scheduler}; when the machine answers that the lease is gone,
 * or the estimate runs out without a successful renewal, the lock counts as lost and {@link #onLost} listeners
 * run (on the thread that completed the renewal). One owner: not re-entrant, not for several threads at once
 * (see {@code RaftLockRegistry} for that).
 */
public final class RaftLock {
    private static final Logger log = LoggerFactory.getLogger(RaftLock.class);
    /** First retry after a refused acquire; doubles up to {@link #RETRY_DELAY_MAX}. */
    static final Duration RETRY_DELAY_MIN = Duration.ofMillis(25);
    /** Keeps a waiter polling even when no release notification reaches it (an expired holder publishes none). */
    static final Duration RETRY_DELAY_MAX = Duration.ofSeconds(1);

    private final RaftOperations raft;
    private final String name;
    private final String owner;
    private final Duration lease;
    private final ScheduledExecutorService scheduler;
    private final java.util.List<Runnable> lostListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Held held; // null when not held
    private ScheduledFuture<?> renewal; // guarded by this

    /** The grant this object holds, and the local deadline of its lease ({@link System#nanoTime()}). */
    private record Held(long token, long deadlineNanos) {
    }

    public RaftLock(RaftOperations raft, String name, String owner, Duration lease,
                    ScheduledExecutorService scheduler) {
        this.raft = Objects.requireNonNull(raft, "raft");
        this.name = ReplicatedMap.checkSize("lock name", name, LockCodec.NAME_BYTES_MAX);
        this.owner = ReplicatedMap.checkSize("owner", owner, LockCodec.OWNER_BYTES_MAX);
        if (owner.isEmpty()) {
            throw new IllegalArgumentException("owner must not be empty");
        }
        long millis = lease.toMillis();
        if (millis < LockCodec.LEASE_MILLIS_MIN || millis > LockCodec.LEASE_MILLIS_MAX) {
            throw new IllegalArgumentException("lease " + lease + " is outside [" + LockCodec.LEASE_MILLIS_MIN
                    + " ms, " + LockCodec.LEASE_MILLIS_MAX + " ms]");
        }
        this.lease = lease;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    public String name() {
        return name;
    }

    /** One attempt; completes with whether this owner holds the lock now. */
    public CompletableFuture<Boolean> tryAcquire() {
        long sentNanos = System.nanoTime();
        return raft.command(LockCodec.MACHINE, LockCodec.acquire(name, owner, lease.toMillis()))
                .thenApply(reply -> granted(LockCodec.decodeReply(reply), sentNanos));
    }

    /**
     * Tries until {@code wait} has passed: retries when the holder releases (a notification) or, since an
     * expiring holder publishes nothing, after a backoff bounded by {@link #RETRY_DELAY_MAX} and the holder's
     * lease end.
     *
     * @return whether this owner holds the lock
     */
    public boolean tryLock(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Semaphore released = new Semaphore(0);
        try (Subscription ignored =
                     raft.subscribe(LockCodec.MACHINE, LockCodec.RELEASED, name, n -> released.release())) {
            for (int attempt = 0; ; attempt++) {
                long sentNanos = System.nanoTime();
                LockReply reply = await(raft.command(LockCodec.MACHINE,
                        LockCodec.acquire(name, owner, lease.toMillis())), deadline);
                if (reply != null && granted(reply, sentNanos)) {
                    return true;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                long holderEnd = reply == null ? 0 : reply.expiresAtMillis();
                long delay = retryDelay(attempt, holderEnd, System.currentTimeMillis()).toNanos();
                released.drainPermits();
                released.tryAcquire(Math.min(delay, remaining), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Ends this owner's grant (if any) and stops renewing; waits at most one lease for the answer. */
    public void unlock() throws InterruptedException {
        Held current = stopRenewal();
        if (current == null) {
            return;
        }
        await(raft.command(LockCodec.MACHINE, LockCodec.release(name, owner, current.token())),
                System.nanoTime() + lease.toNanos());
    }

    /** Whether this owner holds the lock, by the conservative local estimate (see the class comment). */
    public boolean isHeld() {
        Held current = held;
        return current != null && System.nanoTime() - current.deadlineNanos < 0;
    }

    /**
     * The fencing token of this owner's grant: pass it to the protected resource with every write.
     *
     * @throws IllegalStateException when the lock is not held
     */
    public long fencingToken() {
        Held current = held;
        if (current == null || !isHeld()) {
            throw new IllegalStateException("lock '" + name + "' is not held by " + owner);
        }
        return current.token();
    }

    /** Runs {@code listener} when a held lock is lost without {@link #unlock()}. */
    public void onLost(Runnable listener) {
        lostListeners.add(listener);
    }

    /**
     * How long to wait before acquiring again after attempt {@code attempt} (0-based) was refused: an exponential
     * backoff from {@link #RETRY_DELAY_MIN} to {@link #RETRY_DELAY_MAX}, but no later than when the holder's lease
     * ends as this node's clock sees it (a hint only: the commits' clock may differ from ours, so the backoff
     * keeps polling anyway).
     */
    static Duration retryDelay(int attempt, long holderExpiresAtMillis, long nowMillis) {
        long backoff = RETRY_DELAY_MIN.toMillis() << Math.min(attempt, 20);
        long delay = Math.min(backoff, RETRY_DELAY_MAX.toMillis());
        if (holderExpiresAtMillis > 0) {
            delay = Math.min(delay, Math.max(holderExpiresAtMillis - nowMillis, 0) + 1);
        }
        return Duration.ofMillis(delay);
    }

    private synchronized boolean granted(LockReply reply, long sentNanos) {
        if (reply.outcome() != Outcome.GRANTED) {
            return false;
        }
        held = new Held(reply.token(), sentNanos + lease.toNanos());
        if (renewal == null) {
            long period = lease.toNanos() / 3;
            renewal = scheduler.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    /** Asynchronous, so a group without a leader never blocks the scheduler's thread. */
    private void renew() {
        Held current = held;
        if (current == null) {
            return;
        }
        long sentNanos = System.nanoTime();
        long remaining = Math.max(current.deadlineNanos - sentNanos, 1);
        raft.command(LockCodec.MACHINE, LockCodec.renew(name, owner, current.token(), lease.toMillis()))
                .orTimeout(remaining, TimeUnit.NANOSECONDS)
                .whenComplete((bytes, error) ->
                        renewed(current, error == null ? decodeOrNull(bytes) : null, sentNanos));
    }

    private void renewed(Held current, LockReply reply, long sentNanos) {
        if (reply != null && reply.outcome() == Outcome.RENEWED) {
            synchronized (this) {
                if (held == current) {
                    held = new Held(current.token(), sentNanos + lease.toNanos());
                }
            }
        } else if ((reply != null && reply.outcome() == Outcome.NOT_HOLDER) || !isHeld()) {
            lost(current, reply);
        }
    }

    private LockReply decodeOrNull(byte[] bytes) {
        try {
            return LockCodec.decodeReply(bytes);
        } catch (RuntimeException e) {
            log.warn("raft lock '{}': unreadable renewal reply: {}", name, e.getMessage());
            return null;
        }
    }

    private void lost(Held current, LockReply reply) {
        synchronized (this) {
            if (held != current) {
                return;
            }
            stopRenewal();
        }
        log.warn("lost raft lock '{}' (token {}): {}", name, current.token(),
                reply == null ? "no renewal within the lease" : "now held by " + reply.holder());
        lostListeners.forEach(Runnable::run);
    }

    private synchronized Held stopRenewal() {
        Held current = held;
        held = null;
        if (renewal != null) {
            renewal.cancel(false);
            renewal = null;
        }
        return current;
    }

    /** The reply, or null when it did not come before {@code deadlineNanos} or the command failed (logged). */
    private LockReply await(CompletableFuture<byte[]> future, long deadlineNanos) throws InterruptedException {
        try {
            long remaining = Math.max(deadlineNanos - System.nanoTime(), 0);
            return LockCodec.decodeReply(future.get(remaining, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            future.cancel(false);
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RejectedCommandException || e.getCause() instanceof MalformedPayloadException) {
                throw (RuntimeException) e.getCause(); // a version mismatch or a limit: retrying cannot help
            }
            log.debug("raft lock '{}': command failed: {}", name, e.getCause().toString());
            return null;
        }
    }
}
