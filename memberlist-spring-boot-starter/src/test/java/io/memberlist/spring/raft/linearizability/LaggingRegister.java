package io.memberlist.spring.raft.linearizability;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A broken register, like a follower answering reads without checking it is up to date: writes and CAS go to
 * the current copy, but reads are served from a copy that is always one write behind.
 */
final class LaggingRegister implements Register {
    private final Map<String, Long> current = new HashMap<>();
    private final Map<String, Long> behind = new HashMap<>();

    @Override
    public synchronized CompletableFuture<Long> read(String key) {
        return CompletableFuture.completedFuture(behind.get(key));
    }

    @Override
    public synchronized CompletableFuture<Void> write(String key, long value) {
        set(key, value);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Boolean> cas(String key, Long expected, long newValue) {
        boolean swap = Objects.equals(current.get(key), expected);
        if (swap) {
            set(key, newValue);
        }
        return CompletableFuture.completedFuture(swap);
    }

    private void set(String key, long value) {
        behind.put(key, current.get(key));
        current.put(key, value);
    }
}
