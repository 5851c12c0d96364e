package io.memberlist.spring.raft.linearizability;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A correct register: one lock around a map, so every call takes effect atomically within its own interval. */
final class LockedRegister implements Register {
    private final Map<String, Long> values = new HashMap<>();

    @Override
    public synchronized CompletableFuture<Long> read(String key) {
        return CompletableFuture.completedFuture(values.get(key));
    }

    @Override
    public synchronized CompletableFuture<Void> write(String key, long value) {
        values.put(key, value);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Boolean> cas(String key, Long expected, long newValue) {
        boolean swap = Objects.equals(values.get(key), expected);
        if (swap) {
            values.put(key, newValue);
        }
        return CompletableFuture.completedFuture(swap);
    }
}
