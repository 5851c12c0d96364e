package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.Notification;
import io.memberlist.spring.raft.QueryResult;
import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.Subscription;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Not a fake of the group: a placeholder for code paths that must never reach it (constructors, argument
 * checks, bean wiring). Every call fails the test.
 */
public final class UncalledRaftOperations implements RaftOperations {
    @Override
    public CompletableFuture<byte[]> command(String machine, byte[] command) {
        throw new AssertionError("the raft group must not be called here");
    }

    @Override
    public CompletableFuture<QueryResult> query(String machine, byte[] query) {
        throw new AssertionError("the raft group must not be called here");
    }

    @Override
    public CompletableFuture<QueryResult> linearizableQuery(String machine, byte[] query) {
        throw new AssertionError("the raft group must not be called here");
    }

    @Override
    public Subscription subscribe(String machine, String event, String key, Consumer<Notification> listener) {
        throw new AssertionError("the raft group must not be called here");
    }
}
