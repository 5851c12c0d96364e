package io.memberlist.spring.raft.builtin.integration;

import io.memberlist.spring.raft.builtin.MalformedPayloadException;
import io.memberlist.spring.raft.builtin.RaftLock;
import io.memberlist.spring.raft.builtin.RejectedCommandException;

import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Lock} held by one thread of this JVM and, through the raft lock, by this JVM alone in the cluster:
 * a local {@link ReentrantLock} orders this JVM's threads (and makes the lock re-entrant), the {@link RaftLock}
 * excludes the other nodes. The raft lock is taken by the first hold and released by the last unlock.
 *
 * <p>Safe only with {@link #fencingToken()} checked by the protected resource (see {@link RaftLock}).
 */
public final class FencedLock implements Lock {
    /** {@link #lock()} cannot fail, so it waits in rounds of this length until the raft lock is granted. */
    private static final Duration LOCK_ROUND = Duration.ofSeconds(30);

    private final ReentrantLock local = new ReentrantLock();
    private final RaftLock raft;

    FencedLock(RaftLock raft) {
        this.raft = raft;
    }

    /** The fencing token of the current grant; pass it with every write to the protected resource. */
    public long fencingToken() {
        return raft.fencingToken();
    }

    @Override
    public void lock() {
        boolean interrupted = false;
        local.lock();
        try {
            while (!holdsRaftLock()) {
                try {
                    if (raft.tryLock(LOCK_ROUND)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // lock() is not interruptible: keep trying, restore the flag after
                }
            }
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        local.lockInterruptibly();
        try {
            while (!holdsRaftLock()) {
                if (raft.tryLock(LOCK_ROUND)) {
                    return;
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    @Override
    public boolean tryLock() {
        if (!local.tryLock()) {
            return false;
        }
        try {
            if (holdsRaftLock() || raft.tryAcquire().get(LOCK_ROUND.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RejectedCommandException || e.getCause() instanceof MalformedPayloadException) {
                local.unlock();
                throw (RuntimeException) e.getCause(); // a version mismatch: no retry can succeed, say so
            }
            // not acquired: the group failed to answer (no leader); tryLock() reports that as false
        } catch (TimeoutException e) {
            // not acquired in time
        }
        local.unlock();
        return false;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(time);
        if (!local.tryLock(time, unit)) {
            return false;
        }
        try {
            if (holdsRaftLock() || raft.tryLock(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)))) {
                return true;
            }
        } catch (InterruptedException | RuntimeException e) {
            local.unlock();
            throw e;
        }
        local.unlock();
        return false;
    }

    /**
     * @throws IllegalMonitorStateException     when the calling thread does not hold this lock
     * @throws ConcurrentModificationException when the raft lock's lease was lost while held (another node may
     *                                         have been granted it: whatever was done under it may be unsafe)
     */
    @Override
    public void unlock() {
        if (!local.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("lock '" + raft.name() + "' is not held by this thread");
        }
        if (local.getHoldCount() > 1) {
            local.unlock();
            return;
        }
        boolean held = raft.isHeld();
        try {
            raft.unlock();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the lease ends on its own
        } finally {
            local.unlock();
        }
        if (!held) {
            throw new ConcurrentModificationException("raft lock '" + raft.name()
                    + "' was lost before unlock: its lease expired or was taken over");
        }
    }

    /** Not supported: a condition would need the raft lock to be released and re-acquired atomically. */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("conditions are not supported by the raft lock");
    }

    /** Re-entry by the holding thread: the raft lock is already ours (the local lock guards this JVM). */
    private boolean holdsRaftLock() {
        return local.getHoldCount() > 1 && raft.isHeld();
    }
}
