package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.Notification;
import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A named map replicated by the raft group, with typed values: a thin facade over {@link RaftOperations} and the
 * {@link MapMachine} (which must be registered in the group). Cheap to create; any number may share a name.
 *
 * <p>Guarantees: {@link #put}, {@link #remove} and {@link #compareAndSet} are commands, applied in one order on
 * every server; they complete once a majority has them. {@link #get} is sequentially consistent (it never returns
 * a value older than one this client has already seen, but may miss a write another client just made);
 * {@link #getLinearizable} reflects every write that completed before it was called. Futures complete
 * exceptionally with {@link RejectedCommandException} when the machine refuses a request.
 */
public final class ReplicatedMap<V> {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedMap.class);

    private final RaftOperations raft;
    private final String name;
    private final ValueCodec<V> codec;

    public ReplicatedMap(RaftOperations raft, String name, ValueCodec<V> codec) {
        this.raft = Objects.requireNonNull(raft, "raft");
        this.name = checkSize("map name", name, MapCodec.NAME_BYTES_MAX);
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public String name() {
        return name;
    }

    /** Sets {@code key} to {@code value}; completes with the previous value, or null. */
    public CompletableFuture<V> put(String key, V value) {
        byte[] bytes = encode(Objects.requireNonNull(value, "value (to delete, use remove)"));
        return command(MapCodec.put(name, key(key), bytes)).thenApply(reply -> decode(MapCodec.value(reply)));
    }

    /** Removes {@code key}; completes with the value it had, or null. */
    public CompletableFuture<V> remove(String key) {
        return command(MapCodec.remove(name, key(key))).thenApply(reply -> decode(MapCodec.value(reply)));
    }

    /**
     * Sets {@code key} to {@code update} only if its value is {@code expected}, atomically. A null
     * {@code expected} means "only if absent"; a null {@code update} removes the entry. Values compare as bytes.
     *
     * @return whether it was set
     */
    public CompletableFuture<Boolean> compareAndSet(String key, V expected, V update) {
        byte[] command = MapCodec.compareAndSet(name, key(key), encodeOrNull(expected), encodeOrNull(update));
        return command(command).thenApply(reply -> MapCodec.casResult(reply).swapped());
    }

    /** The value of {@code key}, or null; never older than what this client has seen (see the class comment). */
    public CompletableFuture<V> get(String key) {
        return raft.query(MapCodec.MACHINE, MapCodec.get(name, key(key)))
                .thenApply(result -> decode(MapCodec.value(result.payload())));
    }

    /** The value of {@code key}, or null, reflecting every write completed before this call (through the leader). */
    public CompletableFuture<V> getLinearizable(String key) {
        return raft.linearizableQuery(MapCodec.MACHINE, MapCodec.get(name, key(key)))
                .thenApply(result -> decode(MapCodec.value(result.payload())));
    }

    /** The keys, sorted (sequentially consistent, like {@link #get}). */
    public CompletableFuture<List<String>> keys() {
        return raft.query(MapCodec.MACHINE, MapCodec.keys(name))
                .thenApply(result -> MapCodec.keyList(result.payload()));
    }

    /** The number of entries (sequentially consistent, like {@link #get}). */
    public CompletableFuture<Long> size() {
        return raft.query(MapCodec.MACHINE, MapCodec.size(name))
                .thenApply(result -> MapCodec.sizeOf(result.payload()));
    }

    /** Calls {@code listener} on every change of {@code key} (delivered as {@link RaftOperations#subscribe} says). */
    public Subscription onChange(String key, Consumer<MapChange<V>> listener) {
        return raft.subscribe(MapCodec.MACHINE, name, key(key), notification -> deliver(notification, listener));
    }

    /** Calls {@code listener} on every change of any key of this map. */
    public Subscription onChange(Consumer<MapChange<V>> listener) {
        return raft.subscribe(MapCodec.MACHINE, name, null, notification -> deliver(notification, listener));
    }

    /** Decodes a notification of this map's machine (package-private for tests). */
    MapChange<V> change(Notification notification) {
        byte[][] values = MapCodec.changeOf(notification.payload());
        return new MapChange<>(name, notification.key(), decode(values[0]), decode(values[1]), notification.index());
    }

    private void deliver(Notification notification, Consumer<MapChange<V>> listener) {
        MapChange<V> change;
        try {
            change = change(notification);
        } catch (MalformedPayloadException e) {
            log.warn("dropped a malformed change notification of map '{}' (index {}): {}",
                    name, notification.index(), e.getMessage());
            return;
        }
        listener.accept(change);
    }

    private CompletableFuture<byte[]> command(byte[] command) {
        return raft.command(MapCodec.MACHINE, command);
    }

    private byte[] encode(V value) {
        byte[] bytes = codec.encode(value);
        if (bytes.length > MapCodec.VALUE_BYTES_MAX) {
            throw new IllegalArgumentException("value of " + bytes.length + " bytes is larger than the "
                    + MapCodec.VALUE_BYTES_MAX + " a replicated map allows");
        }
        return bytes;
    }

    private byte[] encodeOrNull(V value) {
        return value == null ? null : encode(value);
    }

    private V decode(byte[] bytes) {
        return bytes == null ? null : codec.decode(bytes);
    }

    private static String key(String key) {
        return checkSize("key", key, MapCodec.KEY_BYTES_MAX);
    }

    static String checkSize(String what, String text, int maxBytes) {
        Objects.requireNonNull(text, what);
        int length = text.getBytes(StandardCharsets.UTF_8).length;
        if (length > maxBytes) {
            throw new IllegalArgumentException(what + " of " + length + " bytes is longer than the " + maxBytes
                    + " allowed");
        }
        return text;
    }
}
