package io.memberlist.spring.raft;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Calls the replicated state machines of the raft group from any node of the cluster (voter or not).
 *
 * <p>Read guarantees: {@link #query} never returns state older than what this client has already seen (it
 * keeps the highest log index it has observed and asks another server when an answer is older);
 * {@link #linearizableQuery} reflects every command committed before it was called.
 */
public interface RaftOperations {

    /** Sends a command to the leader (following redirects); completes with its result once applied. */
    CompletableFuture<byte[]> command(String machine, byte[] command);

    /** Reads from any server's applied state, never older than this client has seen. */
    CompletableFuture<QueryResult> query(String machine, byte[] query);

    /** Reads through the leader (ReadIndex), reflecting every command committed before the call. */
    CompletableFuture<QueryResult> linearizableQuery(String machine, byte[] query);

    /**
     * Subscribes to {@code event} of {@code machine}, for one key or (when {@code key} is null) all keys. The
     * leader delivers notifications; after a leader change the subscription is re-established by this client.
     */
    Subscription subscribe(String machine, String event, String key, Consumer<Notification> listener);
}
