package io.memberlist.spring.raft;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
import org.apache.ratis.util.LifeCycle;

/**
 * A Ratis state machine that hands every committed entry to the one it wraps a fixed time late, in log order,
 * while queries reach it at once: a follower with a slow disk or a long GC pause, whose applied state (and the
 * applied index it reports with every answer) trails the log. The wait happens outside the wrapped machine, so
 * its queries are never held up by it. {@link #lagMillis} 0 applies at once.
 */
final class LaggingApply implements StateMachine {
    private final StateMachine inner;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lagging-apply");
        t.setDaemon(true);
        return t;
    });
    private volatile long lagMillis;

    LaggingApply(StateMachine inner) {
        this.inner = inner;
    }

    /** Sets the lag; it may only grow, or entries handed in later could be applied first. */
    void lagMillis(long millis) {
        this.lagMillis = millis;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        CompletableFuture<Message> applied = new CompletableFuture<>();
        later(() -> inner.applyTransaction(trx).whenComplete((message, error) -> {
            if (error != null) {
                applied.completeExceptionally(error);
            } else {
                applied.complete(message);
            }
        }));
        return applied;
    }

    /**
     * Runs {@code step} after the lag, after every step handed in before it: one thread, the same delay for all,
     * and a scheduled executor runs tasks due at the same time in the order they came.
     */
    private void later(Runnable step) {
        later.schedule(step, lagMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        return inner.query(request);
    }

    @Override
    public CompletableFuture<Message> queryStale(Message request, long minIndex) {
        return inner.queryStale(request, minIndex);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        inner.initialize(server, groupId, storage);
    }

    @Override
    public LifeCycle.State getLifeCycleState() {
        return inner.getLifeCycleState();
    }

    @Override
    public void pause() {
        inner.pause();
    }

    @Override
    public void reinitialize() throws IOException {
        inner.reinitialize();
    }

    @Override
    public long takeSnapshot() throws IOException {
        return inner.takeSnapshot();
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return inner.getStateMachineStorage();
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return inner.getLatestSnapshot();
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        return inner.startTransaction(request);
    }

    @Override
    public TransactionContext preAppendTransaction(TransactionContext trx) throws IOException {
        return inner.preAppendTransaction(trx);
    }

    @Override
    public TransactionContext cancelTransaction(TransactionContext trx) throws IOException {
        return inner.cancelTransaction(trx);
    }

    @Override
    public TransactionContext applyTransactionSerial(TransactionContext trx) throws InvalidProtocolBufferException {
        return inner.applyTransactionSerial(trx);
    }

    @Override
    public TermIndex getLastAppliedTermIndex() {
        return inner.getLastAppliedTermIndex();
    }

    /**
     * Ratis reports entries that are not commands (configuration, a new leader's first entry) here, and the
     * wrapped machine moves its applied index to them: they must wait in line with the commands, or the index
     * would run ahead and then be asked to go back.
     */
    @Override
    public EventApi event() {
        EventApi events = inner.event();
        return new EventApi() {
            @Override
            public void notifyTermIndexUpdated(long term, long index) {
                later(() -> events.notifyTermIndexUpdated(term, index));
            }

            @Override
            public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId leader) {
                events.notifyLeaderChanged(member, leader);
            }

            @Override
            public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto configuration) {
                events.notifyConfigurationChanged(term, index, configuration);
            }
        };
    }

    @Override
    public void close() throws IOException {
        later.shutdownNow();
        inner.close();
    }
}
