package io.memberlist.spring.raft.actuate;

import io.memberlist.spring.raft.Notification;
import io.memberlist.spring.raft.QueryResult;
import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.Subscription;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@link RaftOperations} that times every command into {@link CommandTimer}; queries and subscriptions pass
 * through. Wraps the application's {@code RaftOperations} bean (see {@link RaftActuatorAutoConfiguration}), so the
 * client and the state machine host stay free of metrics.
 */
final class TimedRaftOperations implements RaftOperations {
    private final RaftOperations delegate;
    private final CommandTimer timer;

    TimedRaftOperations(RaftOperations delegate, CommandTimer timer) {
        this.delegate = delegate;
        this.timer = timer;
    }

    @Override
    public CompletableFuture<byte[]> command(String machine, byte[] command) {
        long start = System.nanoTime();
        CompletableFuture<byte[]> result;
        try {
            result = delegate.command(machine, command);
        } catch (RuntimeException e) {
            timer.record(System.nanoTime() - start, false);
            throw e;
        }
        // The caller gets the delegate's own future (cancelling it cancels the command); the sample is taken
        // on completion, alongside.
        result.whenComplete((reply, error) -> timer.record(System.nanoTime() - start, error == null));
        return result;
    }

    @Override
    public CompletableFuture<QueryResult> query(String machine, byte[] query) {
        return delegate.query(machine, query);
    }

    @Override
    public CompletableFuture<QueryResult> linearizableQuery(String machine, byte[] query) {
        return delegate.linearizableQuery(machine, query);
    }

    @Override
    public Subscription subscribe(String machine, String event, String key, Consumer<Notification> listener) {
        return delegate.subscribe(machine, event, key, listener);
    }

    @Override
    public String toString() {
        return "timed " + delegate;
    }
}
