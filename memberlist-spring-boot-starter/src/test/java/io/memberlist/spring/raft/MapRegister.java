package io.memberlist.spring.raft;

import io.memberlist.spring.raft.builtin.ReplicatedMap;
import io.memberlist.spring.raft.builtin.ValueCodec;
import io.memberlist.spring.raft.linearizability.Register;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The linearizability workload's {@link Register} over the built-in {@link ReplicatedMap}: write is
 * {@code put}, CAS is {@code compareAndSet}, read is {@code getLinearizable} (or, for the negative check,
 * another {@link ReadPath}). Each workload client thread gets its own {@link RaftOperations}, as if
 * each ran on a node of its own.
 */
final class MapRegister implements Register {

    /** Values as decimal text: canonical, so the map's byte-equality CAS is value equality. */
    static final ValueCodec<Long> LONGS = new ValueCodec<>() {
        @Override
        public byte[] encode(Long value) {
            return Long.toString(value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Long decode(byte[] bytes) {
            return Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
        }
    };

    /** How a read is made: given the calling thread's map and the key. */
    @FunctionalInterface
    interface ReadPath {
        CompletableFuture<Long> read(ReplicatedMap<Long> threadsMap, String key);
    }

    /** {@link ReplicatedMap#getLinearizable}: ReadIndex on the leader. */
    static final ReadPath LINEARIZABLE = ReplicatedMap::getLinearizable;

    private final String name;
    private final Supplier<RaftOperations> clientPerThread;
    private final ReadPath reads;
    private final Map<Thread, ReplicatedMap<Long>> maps = new ConcurrentHashMap<>();

    /** @param clientPerThread makes the client of one workload thread; called once per thread */
    MapRegister(String name, Supplier<RaftOperations> clientPerThread, ReadPath reads) {
        this.name = name;
        this.clientPerThread = clientPerThread;
        this.reads = reads;
    }

    String name() {
        return name;
    }

    private ReplicatedMap<Long> map() {
        return maps.computeIfAbsent(Thread.currentThread(),
                t -> new ReplicatedMap<>(clientPerThread.get(), name, LONGS));
    }

    @Override
    public CompletableFuture<Long> read(String key) {
        return reads.read(map(), key);
    }

    @Override
    public CompletableFuture<Void> write(String key, long value) {
        return map().put(key, value).thenApply(previous -> null);
    }

    @Override
    public CompletableFuture<Boolean> cas(String key, Long expected, long newValue) {
        return map().compareAndSet(key, expected, newValue);
    }
}
