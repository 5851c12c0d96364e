package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.RaftOperations;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A named {@code long} counter replicated by the raft group (the {@link CounterMachine} must be registered).
 * {@link #incrementAndGet} is one command (no read-modify-write race between clients); {@link #get} is
 * sequentially consistent, {@link #getLinearizable} reflects every add completed before the call.
 */
public final class ReplicatedCounter {
    private final RaftOperations raft;
    private final String name;

    public ReplicatedCounter(RaftOperations raft, String name) {
        this.raft = Objects.requireNonNull(raft, "raft");
        this.name = ReplicatedMap.checkSize("counter name", name, CounterMachine.NAME_BYTES_MAX);
    }

    public String name() {
        return name;
    }

    /** Adds {@code delta}; completes with the value after it (exceptionally if it would overflow). */
    public CompletableFuture<Long> addAndGet(long delta) {
        return raft.command(CounterMachine.MACHINE, CounterMachine.add(name, delta)).thenApply(CounterMachine::value);
    }

    public CompletableFuture<Long> incrementAndGet() {
        return addAndGet(1);
    }

    /** The value, never older than what this client has seen. */
    public CompletableFuture<Long> get() {
        return raft.query(CounterMachine.MACHINE, CounterMachine.get(name))
                .thenApply(result -> CounterMachine.value(result.payload()));
    }

    /** The value, reflecting every add completed before this call. */
    public CompletableFuture<Long> getLinearizable() {
        return raft.linearizableQuery(CounterMachine.MACHINE, CounterMachine.get(name))
                .thenApply(result -> CounterMachine.value(result.payload()));
    }
}
