package io.memberlist.spring.raft;

import io.memberlist.spring.raft.LoopbackGroup.Timeouts;
import io.memberlist.spring.raft.builtin.MapMachine;
import io.memberlist.spring.raft.builtin.ReplicatedMap;
import io.memberlist.spring.raft.linearizability.CheckResult;
import io.memberlist.spring.raft.linearizability.History;
import io.memberlist.spring.raft.linearizability.LinearizabilityChecker;
import io.memberlist.spring.raft.linearizability.Operation;
import io.memberlist.spring.raft.linearizability.Verdict;
import io.memberlist.spring.raft.linearizability.Workload;
import io.memberlist.spring.raft.statemachine.RatisRaftOperations;
import io.memberlist.spring.raft.statemachine.StateMachineHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in replicated map against a real three-voter Ratis group: concurrent clients doing put /
 * linearizable get / compare-and-set while leaders are killed and restarted from their storage, the history
 * checked by {@link LinearizabilityChecker}. Every failed call is indeterminate (the checker's default): the
 * Ratis client retries on its own, so an exception may follow an entry that was appended and later applied.
 */
class MapLinearizabilityTest {

    static final Timeouts TIMEOUTS = LoopbackGroup.TEST_TIMEOUTS;
    /** A kill leaves two voters: a new leader within a few election timeouts, plus a request timeout, is expected. */
    static final Duration CALL_TIMEOUT = TIMEOUTS.electionMax().multipliedBy(4).plus(TIMEOUTS.request());
    static final Duration LEADER_WITHIN = LoopbackGroup.LEADER_WITHIN;
    static final long SEED = 20261130L;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void putGetCasWhileLeadersAreKilledAndRestarted_historyIsLinearizable() throws Exception {
        List<StateMachineHost> hosts = new CopyOnWriteArrayList<>();
        try (LoopbackGroup group = new LoopbackGroup(dir, 3, TIMEOUTS, id -> add(hosts, new StateMachineHost(
                List.of(new MapMachine()))), LoopbackGroup::smallLogWithSnapshots)) {
            assertThat(group.awaitLeader(LEADER_WITHIN)).as("first leader").isNotNull();
            Workload workload = new Workload(4, 3, Integer.MAX_VALUE, Duration.ofSeconds(35), CALL_TIMEOUT,
                    failure -> false, SEED);
            MapRegister register = new MapRegister("lincheck", () -> group.operations(RatisRaftOperations.Settings
                    .defaults()), MapRegister.LINEARIZABLE);
            LeaderKiller killer = new LeaderKiller(group, TIMEOUTS.electionMax().multipliedBy(4),
                    TIMEOUTS.electionMax().multipliedBy(2), LEADER_WITHIN, workload.maxDuration());
            killer.start();
            History history = workload.run(register);
            List<LeaderKiller.Kill> kills = killer.stop();

            List<Operation> ops = history.operations();
            long started = System.nanoTime();
            CheckResult result = new LinearizabilityChecker().check(history);
            long snapshotsLoaded = hosts.stream().mapToLong(StateMachineHost::snapshotsLoaded).sum();
            System.out.println(summary(ops, kills) + String.format(Locale.ROOT, "%nsnapshots loaded by restarted "
                    + "servers: %d%ncheck: %s in %d ms, %d steps", snapshotsLoaded, result.verdict(),
                    (System.nanoTime() - started) / 1_000_000, result.steps()));

            assertThat(killer.failure()).as("the leader killer").isNull();
            assertThat(kills).as("leaders killed and restarted").hasSizeGreaterThanOrEqualTo(3);
            assertThat(snapshotsLoaded).as("restarts that began from a snapshot").isPositive();
            for (LeaderKiller.Kill kill : kills) {
                assertThat(ops).as("a write answered after the kill of %s", kill.leader())
                        .anyMatch(op -> op.kind() != Operation.Kind.READ && op.outcome() == Operation.Outcome.OK
                                && op.invokeNanos() > kill.nanos());
            }
            assertThat(ops).filteredOn(op -> op.outcome() == Operation.Outcome.OK).extracting(Operation::kind)
                    .contains(Operation.Kind.READ, Operation.Kind.WRITE, Operation.Kind.CAS);
            result.assertLinearizable();
        }
    }

    /**
     * The check is able to fail on this group: the same workload, reads through {@link ReplicatedMap#get} (the
     * index-rule query) from clients that remember nothing (a new {@link RatisRaftOperations} per read, as a
     * stateless caller would make) and ask a follower whose apply runs behind its log first. That follower
     * answers with old state; the index rule cannot refuse it, since such a client has seen no index. The
     * checker must reject the history at a read.
     */
    @Test
    @Timeout(120)
    void readsFromALaggingFollowerByForgetfulClients_areRejected() throws Exception {
        Map<RaftPeerId, LaggingApply> servers = new ConcurrentHashMap<>();
        try (LoopbackGroup group = new LoopbackGroup(dir, 3, TIMEOUTS, id -> servers.compute(id,
                (k, old) -> new LaggingApply(new StateMachineHost(List.of(new MapMachine())))), p -> { })) {
            RaftPeerId leader = group.awaitLeader(LEADER_WITHIN);
            assertThat(leader).as("leader").isNotNull();
            RaftPeerId lagging = group.group().getPeers().stream().map(peer -> peer.getId())
                    .filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            servers.get(lagging).lagMillis(TIMEOUTS.electionMin().toMillis() / 2);
            RaftClient reader = group.newClient();
            RatisRaftOperations.Settings pinned = RatisRaftOperations.Settings.defaults().withPreferredServer(lagging);
            MapRegister register = new MapRegister("lincheck", () -> group.operations(RatisRaftOperations.Settings
                    .defaults()), (threadsMap, key) -> forgetfulRead(reader, group, pinned, threadsMap.name(), key));

            History history = Workload.defaults(SEED).withClients(4).withKeys(1).withOpsPerClient(60)
                    .withCallTimeout(CALL_TIMEOUT).run(register);
            CheckResult result = new LinearizabilityChecker().check(history);
            System.out.println(summary(history.operations(), List.of()) + "\ncheck: " + result);

            assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.culprit().kind()).isEqualTo(Operation.Kind.READ);
        }
    }

    private static StateMachineHost add(List<StateMachineHost> hosts, StateMachineHost host) {
        hosts.add(host);
        return host;
    }

    private static CompletableFuture<Long> forgetfulRead(RaftClient client, LoopbackGroup group,
                                                         RatisRaftOperations.Settings settings, String map,
                                                         String key) {
        RatisRaftOperations fresh = new RatisRaftOperations(client, group::group, settings);
        return new ReplicatedMap<>(fresh, map, MapRegister.LONGS).get(key).whenComplete((v, e) -> fresh.close());
    }

    static String summary(List<Operation> ops, List<LeaderKiller.Kill> kills) {
        Map<String, Long> counts = new TreeMap<>();
        for (Operation op : ops) {
            counts.merge(op.kind() + " " + op.outcome(), 1L, Long::sum);
        }
        List<Long> millis = ops.stream().filter(op -> op.outcome() == Operation.Outcome.OK)
                .map(op -> (op.completeNanos() - op.invokeNanos()) / 1_000_000).sorted().toList();
        return String.format(Locale.ROOT, "history: %d calls, %d answered, %d indeterminate; %s; answered in "
                        + "median %d ms, max %d ms%nleader kills: %d %s",
                ops.size(), millis.size(), ops.stream().filter(op -> op.outcome() == Operation.Outcome.INDETERMINATE)
                        .count(), counts, millis.isEmpty() ? -1 : millis.get(millis.size() / 2),
                millis.isEmpty() ? -1 : millis.get(millis.size() - 1), kills.size(),
                kills.stream().map(LeaderKiller.Kill::toString).collect(Collectors.joining(", ")));
    }
}
