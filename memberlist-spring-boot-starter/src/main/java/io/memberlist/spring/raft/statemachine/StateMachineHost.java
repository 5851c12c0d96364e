package io.memberlist.spring.raft.statemachine;

import io.memberlist.spring.raft.ReplicatedStateMachine;

import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of the raft group: hosts the application's {@link ReplicatedStateMachine}s, routes each
 * command entry to its machine by name, answers queries with the applied index they reflect, keeps the
 * notifications commands publish, and writes all machines into one snapshot.
 *
 * <p>A command that cannot be applied (unknown machine, unreadable entry, the machine throws) still counts as
 * applied: its result is an error that the caller receives as an exception, every server reaches the same
 * verdict (apply is deterministic, failures included), and the log moves on. Whatever a throwing machine changed
 * before throwing stays changed, the same on every server.
 */
public final class StateMachineHost extends BaseStateMachine {

    /** Notifications kept per server by default: the longest gap a subscriber can bridge. */
    public static final int DEFAULT_NOTIFICATION_CAPACITY = 1024;

    /** Upper bound on how long one subscriber poll waits on the leader, whatever the client asks. */
    static final long POLL_WAIT_MAX_MS = 30_000;

    private static final Logger log = LoggerFactory.getLogger(StateMachineHost.class);

    private final Map<String, ReplicatedStateMachine> machines;
    private final Clock clock;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    /** Serialises apply, query and snapshot: machines are called from one thread at a time. */
    private final ReentrantLock stateLock = new ReentrantLock();
    private final ScheduledExecutorService timer;
    private final NotificationLog notifications;
    private final AtomicLong failedCommands = new AtomicLong();
    private final AtomicLong staleQueries = new AtomicLong();
    private final AtomicLong snapshotsLoaded = new AtomicLong();

    /** Hosts {@code machines} with {@value #DEFAULT_NOTIFICATION_CAPACITY} notifications kept and the UTC clock. */
    public StateMachineHost(Collection<? extends ReplicatedStateMachine> machines) {
        this(machines, DEFAULT_NOTIFICATION_CAPACITY, Clock.systemUTC());
    }

    /**
     * @param machines             the machines; names must be unique and non-blank
     * @param notificationCapacity notifications kept for subscribers (at least 1)
     * @param clock                stamps command entries when this server leads ({@code Commit.time()})
     * @throws IllegalArgumentException on a duplicate or blank machine name, or a capacity below 1
     */
    public StateMachineHost(Collection<? extends ReplicatedStateMachine> machines, int notificationCapacity,
                            Clock clock) {
        this.machines = Collections.unmodifiableMap(byName(machines));
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raft-notifications");
            t.setDaemon(true);
            return t;
        });
        this.notifications = new NotificationLog(notificationCapacity, timer);
    }

    private static Map<String, ReplicatedStateMachine> byName(Collection<? extends ReplicatedStateMachine> list) {
        // Sorted, so snapshots list machines in the same order on every server.
        Map<String, ReplicatedStateMachine> byName = new TreeMap<>();
        for (ReplicatedStateMachine machine : list) {
            String name = machine.name();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("replicated state machine " + machine.getClass().getName()
                        + " has no name(); give each machine a unique, stable name");
            }
            ReplicatedStateMachine other = byName.putIfAbsent(name, machine);
            if (other != null) {
                throw new IllegalArgumentException("two replicated state machines are named '" + name + "' ("
                        + other.getClass().getName() + " and " + machine.getClass().getName()
                        + "); names address machines in the raft log, so each must be unique");
            }
        }
        return byName;
    }

    /** The hosted machine names, sorted. */
    public Collection<String> machineNames() {
        return machines.keySet();
    }

    /** Commands whose result was an error (unknown machine, unreadable entry, machine threw). */
    public long failedCommands() {
        return failedCommands.get();
    }

    /** Queries refused because this server had applied less than the client had already seen. */
    public long staleQueries() {
        return staleQueries.get();
    }

    /** Snapshots loaded at start or installed from the leader. */
    public long snapshotsLoaded() {
        return snapshotsLoaded.get();
    }

    // ---- lifecycle and snapshots -------------------------------------------------------------------------

    /**
     * Sets what this host needs of the Ratis server: linearizable reads ({@code raft.server.read.option}), so
     * {@code linearizableQuery} and subscriber polls go through ReadIndex on the leader.
     */
    public static void configure(RaftProperties properties) {
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        var readOption = RaftServerConfigKeys.Read.option(server.getProperties());
        if (readOption != RaftServerConfigKeys.Read.Option.LINEARIZABLE) {
            throw new IOException(RaftServerConfigKeys.Read.OPTION_KEY + " is " + readOption + " but must be "
                    + "LINEARIZABLE, or linearizable queries could read stale state; call "
                    + "StateMachineHost.configure(properties) before building the RaftServer");
        }
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        getLifeCycle().startAndTransition(() -> load(storage.getLatestSnapshot()), IOException.class);
    }

    /**
     * Before the leader installs a snapshot on this server, Ratis pauses the machine, and reloads it afterwards
     * only if it reports {@link LifeCycle.State#PAUSED}; BaseStateMachine's pause does nothing, and a server
     * sent a snapshot then closed itself ("StateMachineUpdater caught a Throwable", IllegalStateException).
     */
    @Override
    public void pause() {
        LifeCycle lifeCycle = getLifeCycle();
        if (lifeCycle.getCurrentState() == LifeCycle.State.RUNNING) {
            lifeCycle.transition(LifeCycle.State.PAUSING);
            lifeCycle.transition(LifeCycle.State.PAUSED);
        }
    }

    /** Called after the leader installed a snapshot on this server (after {@link #pause()}). */
    @Override
    public void reinitialize() throws IOException {
        LifeCycle lifeCycle = getLifeCycle();
        if (lifeCycle.getCurrentState() == LifeCycle.State.PAUSED) {
            lifeCycle.startAndTransition(() -> load(storage.loadLatestSnapshot()), IOException.class);
        } else {
            load(storage.loadLatestSnapshot());
        }
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public long takeSnapshot() throws IOException {
        stateLock.lock();
        try {
            TermIndex applied = getLastAppliedTermIndex();
            if (applied.getIndex() < 0) {
                return applied.getIndex();
            }
            var file = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
            SnapshotFile.write(file.toPath(), machines, notifications);
            var md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
            storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), applied));
            log.debug("{}: snapshot at {} written to {}", getId(), applied, file);
            return applied.getIndex();
        } finally {
            stateLock.unlock();
        }
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        var file = snapshot.getFile().getPath();
        var saved = MD5FileUtil.readStoredMd5ForFile(file.toFile());
        var actual = MD5FileUtil.computeMd5ForFile(file.toFile());
        if (saved != null && !saved.equals(actual)) {
            throw new IOException("snapshot " + file + " is corrupt: MD5 " + actual + " but " + saved + " saved");
        }
        stateLock.lock();
        try {
            SnapshotFile.read(file, machines, notifications);
            setLastAppliedTermIndex(snapshot.getTermIndex());
            snapshotsLoaded.incrementAndGet();
        } finally {
            stateLock.unlock();
        }
        log.info("{}: loaded snapshot at {}", getId(), snapshot.getTermIndex());
    }

    @Override
    public void close() throws IOException {
        notifications.releaseAll();
        timer.shutdownNow();
        super.close();
    }

    // ---- commands ----------------------------------------------------------------------------------------

    /**
     * On the leader, before the command is logged: stamps the proposer's time into the entry, so {@code
     * Commit.time()} is the same on every server. A command for an unknown machine is still logged and fails in
     * apply: refusing it here fails the request with a StateMachineException, which the Ratis 3.2 ordered
     * client retries until it times out instead of reporting it.
     */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        WireFormat.Call call;
        try {
            call = (WireFormat.Call) WireFormat.readRequest(request.getMessage().getContent().toByteArray());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException("unreadable command: " + e.getMessage(), e);
        }
        if (call.kind() != WireFormat.COMMAND) {
            throw new IOException("a query was sent as a command");
        }
        byte[] entry = WireFormat.logEntry(new WireFormat.LogEntry(clock.millis(), call.machine(), call.payload()));
        return TransactionContext.newBuilder()
                .setStateMachine(this)
                .setClientRequest(request)
                .setLogData(ByteString.copyFrom(entry))
                .build();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        WireFormat.CommandResult result;
        List<BufferedNotification> published = List.of();
        stateLock.lock();
        try {
            HostedCommit commit = null;
            try {
                WireFormat.LogEntry command = WireFormat.readLogEntry(data);
                ReplicatedStateMachine machine = machines.get(command.machine());
                if (machine == null) {
                    result = failed(entry.getIndex(), unknownMachine(command.machine()));
                } else {
                    commit = new HostedCommit(command.machine(), entry.getIndex(), command.timeMillis(),
                            command.payload());
                    result = apply(machine, commit);
                }
            } catch (IllegalArgumentException e) {
                result = failed(entry.getIndex(), "unreadable log entry: " + e.getMessage());
            }
            if (commit != null) {
                List<BufferedNotification> fromCommit = commit.close();
                published = result.status() == WireFormat.OK ? fromCommit : List.of();
            }
            notifications.append(published);
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        } finally {
            stateLock.unlock();
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(WireFormat.commandResult(result))));
    }

    private WireFormat.CommandResult apply(ReplicatedStateMachine machine, HostedCommit commit) {
        try {
            byte[] answer = machine.apply(commit);
            if (answer == null) {
                return failed(commit.index(), "machine '" + machine.name() + "' returned null from apply");
            }
            return new WireFormat.CommandResult(WireFormat.OK, answer, null);
        } catch (RuntimeException e) {
            log.warn("{}: machine '{}' threw applying the command at index {}", getId(), machine.name(),
                    commit.index(), e);
            return failed(commit.index(), "machine '" + machine.name() + "' failed: " + e);
        }
    }

    private WireFormat.CommandResult failed(long index, String why) {
        failedCommands.incrementAndGet();
        return new WireFormat.CommandResult(WireFormat.ERROR, null, "command at log index " + index + ": " + why);
    }

    private String unknownMachine(String name) {
        return "no replicated state machine named '" + name + "' (hosted: " + machines.keySet() + ")";
    }

    // ---- queries and subscriptions -----------------------------------------------------------------------

    /**
     * A stale read (the query path of {@code RaftOperations.query}): answers at once with {@link WireFormat#STALE}
     * and this server's applied index when it has applied less than {@code minIndex}, instead of waiting for it
     * as {@link BaseStateMachine#queryStale} does; the client then asks another server.
     */
    @Override
    public CompletableFuture<Message> queryStale(Message request, long minIndex) {
        long applied = getLastAppliedTermIndex().getIndex();
        if (applied < minIndex) {
            staleQueries.incrementAndGet();
            return reply(WireFormat.queryAnswer(new WireFormat.QueryAnswer(WireFormat.STALE, applied, new byte[0],
                    null)));
        }
        return query(request);
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        WireFormat.Request decoded;
        try {
            decoded = WireFormat.readRequest(request.getContent().toByteArray());
        } catch (IllegalArgumentException e) {
            return reply(queryError("unreadable query: " + e.getMessage()));
        }
        if (decoded instanceof WireFormat.Poll poll) {
            return poll(poll);
        }
        WireFormat.Call call = (WireFormat.Call) decoded;
        if (call.kind() != WireFormat.QUERY) {
            return reply(queryError("a command was sent as a query"));
        }
        return reply(answer(call));
    }

    private byte[] answer(WireFormat.Call call) {
        ReplicatedStateMachine machine = machines.get(call.machine());
        if (machine == null) {
            return queryError(unknownMachine(call.machine()));
        }
        stateLock.lock();
        try {
            byte[] answer = machine.query(call.payload());
            // Read under the lock: no command is applied between the answer and the index it reflects.
            long index = getLastAppliedTermIndex().getIndex();
            if (answer == null) {
                return queryError("machine '" + machine.name() + "' returned null from query");
            }
            return WireFormat.queryAnswer(new WireFormat.QueryAnswer(WireFormat.OK, index, answer, null));
        } catch (RuntimeException e) {
            return queryError("machine '" + machine.name() + "' failed: " + e);
        } finally {
            stateLock.unlock();
        }
    }

    private CompletableFuture<Message> poll(WireFormat.Poll poll) {
        RaftPeerId leader = leader();
        if (!getId().equals(leader)) {
            // Only the leader delivers; tell the subscriber where to poll instead.
            return reply(WireFormat.pollAnswer(new WireFormat.PollAnswer(WireFormat.NOT_LEADER, false, null, null,
                    List.of(), leader == null ? "" : leader.toString())));
        }
        long wait = Math.min(Math.max(0, poll.waitMillis()), POLL_WAIT_MAX_MS);
        return notifications.poll(poll.filter(), poll.after(), wait, timer)
                .thenApply(answer -> Message.valueOf(ByteString.copyFrom(WireFormat.pollAnswer(answer))));
    }

    /** Waiting polls are answered at once when this server stops leading, so subscribers move to the new one. */
    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
        if (!member.getPeerId().equals(newLeaderId)) {
            notifications.releaseAll();
        }
    }

    /** The leader this server knows of, or null. */
    private RaftPeerId leader() {
        try {
            var info = getServer().join().getDivision(getGroupId()).getInfo();
            return info.isLeader() ? getId() : info.getLeaderId();
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] queryError(String message) {
        return WireFormat.queryAnswer(new WireFormat.QueryAnswer(WireFormat.ERROR, -1, null, message));
    }

    private static CompletableFuture<Message> reply(byte[] bytes) {
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(bytes)));
    }
}
