package io.memberlist.spring.raft.linearizability;

import java.util.concurrent.CompletableFuture;

/**
 * What a {@link Workload} drives: a set of registers named by key, each holding a {@code long} or nothing
 * ({@code null}, never written). An adapter over the system under test implements it; a future completed
 * exceptionally is classified by the workload's outcome rule.
 */
public interface Register {
    CompletableFuture<Long> read(String key);

    CompletableFuture<Void> write(String key, long value);

    /** Sets {@code key} to {@code newValue} iff it holds {@code expected} ({@code null}: unwritten); tells whether it did. */
    CompletableFuture<Boolean> cas(String key, Long expected, long newValue);
}
