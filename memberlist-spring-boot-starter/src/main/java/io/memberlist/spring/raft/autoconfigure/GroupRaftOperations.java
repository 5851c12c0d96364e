package io.memberlist.spring.raft.autoconfigure;

import io.memberlist.spring.raft.Notification;
import io.memberlist.spring.raft.QueryResult;
import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.Subscription;
import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.statemachine.RaftOperationException;
import io.memberlist.spring.raft.statemachine.RatisRaftOperations;
import org.apache.ratis.client.RaftClient;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * This node's {@link RaftOperations}: a Ratis client of the group, connected on first use. The application starts
 * before the group has formed (formation waits for gossip to find the voters), so the bean cannot connect at
 * startup; a call before the group is known fails with a message that says so, and the next call tries again.
 */
final class GroupRaftOperations implements RaftOperations, AutoCloseable {
    private final RaftGroupNode node;
    private final RatisRaftOperations.Settings settings;
    private RaftClient client;
    private RatisRaftOperations operations;
    private boolean closed;

    GroupRaftOperations(RaftGroupNode node, RatisRaftOperations.Settings settings) {
        this.node = node;
        this.settings = settings;
    }

    @Override
    public CompletableFuture<byte[]> command(String machine, byte[] command) {
        return call(ops -> ops.command(machine, command));
    }

    @Override
    public CompletableFuture<QueryResult> query(String machine, byte[] query) {
        return call(ops -> ops.query(machine, query));
    }

    @Override
    public CompletableFuture<QueryResult> linearizableQuery(String machine, byte[] query) {
        return call(ops -> ops.linearizableQuery(machine, query));
    }

    /** A call before the group is known fails its future (not the caller's thread) with the reason. */
    private <T> CompletableFuture<T> call(Function<RatisRaftOperations, CompletableFuture<T>> operation) {
        try {
            return operation.apply(connected());
        } catch (RaftOperationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** @throws RaftOperationException when the group is not formed yet: subscribe again once it is */
    @Override
    public Subscription subscribe(String machine, String event, String key, Consumer<Notification> listener) {
        return connected().subscribe(machine, event, key, listener);
    }

    /** The client, or null before the first successful use (for the actuator). */
    synchronized RatisRaftOperations current() {
        return operations;
    }

    private synchronized RatisRaftOperations connected() {
        if (closed) {
            throw new RaftOperationException("the raft client of " + node.status() + " is closed: the application"
                    + " is shutting down");
        }
        if (operations == null) {
            try {
                client = node.newClient();
            } catch (IllegalStateException e) {
                throw new RaftOperationException("the raft group is not formed yet: " + e.getMessage()
                        + "; it forms once memberlist.raft.voters raft-enabled members are alive and have been"
                        + " seen by every node; try again shortly");
            }
            operations = new RatisRaftOperations(client, node::peersToAsk, settings);
        }
        return operations;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (operations != null) {
            operations.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
