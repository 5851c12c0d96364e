package io.memberlist.spring.raft.builtin.integration;

import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.builtin.RaftLock;
import org.springframework.integration.support.locks.LockRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Spring Integration's {@link LockRegistry} over the raft group's lock machine: {@code obtain(key)} gives a
 * {@link FencedLock} that one thread of one node holds at a time, by a lease renewed while held.
 *
 * <p>Keys are strings (like Spring Integration's Redis and JDBC registries). Locks are kept per key for the
 * registry's life, so use a bounded set of keys. This registry's owner id ({@code clientId}) must be unique
 * in the cluster: it is what the lock machine compares.
 */
public final class RaftLockRegistry implements LockRegistry<FencedLock>, AutoCloseable {
    /** Only how long a dead holder keeps a lock: a live one renews every third of it. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

    private final RaftOperations raft;
    private final String clientId;
    private final Duration lease;
    private final ScheduledExecutorService renewals;
    private final Map<String, FencedLock> locks = new ConcurrentHashMap<>();

    /** With one daemon thread of its own for renewals, stopped by {@link #close()}. */
    public RaftLockRegistry(RaftOperations raft, String clientId, Duration lease) {
        this.raft = Objects.requireNonNull(raft, "raft");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "memberlist-raft-lock-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The owner id this registry's locks are held under. */
    public String clientId() {
        return clientId;
    }

    @Override
    public FencedLock obtain(Object lockKey) {
        if (!(lockKey instanceof String key)) {
            throw new IllegalArgumentException("a raft lock key must be a String, not " + lockKey);
        }
        return locks.computeIfAbsent(key, k -> new FencedLock(new RaftLock(raft, k, clientId, lease, renewals)));
    }

    /** Stops renewing: held locks then expire after their lease. */
    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
