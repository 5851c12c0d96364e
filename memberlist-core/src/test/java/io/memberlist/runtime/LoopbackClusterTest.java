package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.MemberlistException;
import io.memberlist.NodeState;
import io.memberlist.protocol.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.memberlist.runtime.LoopbackNodes.awaitConverged;
import static io.memberlist.runtime.LoopbackNodes.awaitTrue;
import static io.memberlist.runtime.LoopbackNodes.fast;
import static io.memberlist.runtime.LoopbackNodes.names;
import static io.memberlist.runtime.LoopbackNodes.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real Netty nodes on loopback in one JVM: convergence, failure detection, graceful leave, encryption and
 * labels, end to end through sockets. Timings come from {@link LoopbackNodes#fast()}.
 */
class LoopbackClusterTest {
    private static final int CLUSTER = 20;
    /** Three push/pull intervals of {@link LoopbackNodes#fast()}: anti-entropy alone converges by then. */
    private static final Duration CONVERGE = Duration.ofSeconds(15);

    private final LoopbackNodes nodes = new LoopbackNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    /**
     * The protocol's worst case for every survivor to hear of a crash: each survivor probes the victim
     * within n - 1 probe intervals (round robin), the failed probe takes one more, the suspicion runs at most
     * its maximum (no confirmations), then the dead message spreads. ScenarioTest checks it exactly in
     * virtual time; here it only scales a wall-clock wait.
     */
    static Duration crashSeenDeadWorstCase(Config c, int n) {
        long suspicionMax = Timing.suspicionTimeout(c.suspicionMult(), n, c.probeInterval().toNanos())
                * c.suspicionMaxTimeoutMult();
        return c.probeInterval().multipliedBy(n).plusNanos(suspicionMax).plus(gossipSpread(c, n));
    }

    /** The gossip rounds a broadcast is retransmitted for, as time: by then every node has heard it. */
    static Duration gossipSpread(Config c, int n) {
        return c.gossipInterval().multipliedBy(Timing.retransmitLimit(c.retransmitMult(), n));
    }

    /**
     * A protocol bound as a wall-clock wait on two busy cores: tripled (timers fire late, 20 nodes share the
     * event loops with other builds) plus 3 s (a GC pause, a descheduled JVM). A bound breaks when the
     * protocol is late by a factor, not by a loaded machine.
     */
    static Duration onBusyMachine(Duration protocolBound) {
        return protocolBound.multipliedBy(3).plusSeconds(3);
    }

    @Test
    void join_twentyNodesThroughOneSeed_allSeeTwenty() throws Exception {
        List<Memberlist> cluster = nodes.startCluster(fast(), "n", CLUSTER);

        awaitConverged(cluster, CONVERGE);

        for (Memberlist m : cluster) {
            assertThat(m.numMembers()).isEqualTo(CLUSTER);
            assertThat(m.healthScore()).isZero();
        }
    }

    @Test
    void crash_oneOfTwenty_isSeenDeadByAllWithinSuspicionBound() throws Exception {
        List<Memberlist> cluster = nodes.startCluster(fast(), "n", CLUSTER);
        awaitConverged(cluster, CONVERGE);
        Memberlist victim = cluster.get(7);
        List<Memberlist> survivors = cluster.stream().filter(m -> m != victim).toList();

        long crashedAt = System.nanoTime();
        victim.shutdown(); // no leave: the others must find out by probing
        Duration bound = onBusyMachine(crashSeenDeadWorstCase(fast().build(), CLUSTER));

        awaitTrue(() -> survivors.stream().allMatch(m -> nodes.departure(m, victim) == NodeState.DEAD), bound,
                () -> "every survivor was told the victim is dead; not told: "
                        + survivors.stream().filter(m -> nodes.departure(m, victim) != NodeState.DEAD)
                                .map(m -> m.localNode().name()).toList());
        System.out.printf("crash of 1 of %d seen DEAD by all after %d ms (bound %d ms)%n", CLUSTER,
                (System.nanoTime() - crashedAt) / 1_000_000, bound.toMillis());
        awaitConverged(survivors, CONVERGE);
        assertThat(survivors).allSatisfy(m -> assertThat(names(m)).doesNotContain("n7").hasSize(CLUSTER - 1));
    }

    @Test
    void leave_oneOfTwenty_isSeenLeftNotDeadByAll() throws Exception {
        List<Memberlist> cluster = nodes.startCluster(fast(), "n", CLUSTER);
        awaitConverged(cluster, CONVERGE);
        Memberlist leaver = cluster.get(11);
        List<Memberlist> others = cluster.stream().filter(m -> m != leaver).toList();

        long leftAt = System.nanoTime();
        CompletableFuture<Void> leaving = leaver.leaveAsync();

        // Below the push/pull interval (5 s), so it is the leave's gossip that must reach everyone.
        Duration bound = onBusyMachine(gossipSpread(fast().build(), CLUSTER));
        awaitTrue(() -> others.stream().allMatch(m -> nodes.departure(m, leaver) != null), bound,
                () -> "every other node was told the leaver is gone; not told: "
                        + others.stream().filter(m -> nodes.departure(m, leaver) == null)
                                .map(m -> m.localNode().name()).toList());
        System.out.printf("leave of 1 of %d seen by all after %d ms (bound %d ms)%n", CLUSTER,
                (System.nanoTime() - leftAt) / 1_000_000, bound.toMillis());
        leaving.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(others).allSatisfy(m -> assertThat(nodes.departure(m, leaver)).isEqualTo(NodeState.LEFT));
        leaver.shutdown();
        awaitConverged(others, CONVERGE);
        // Gone for good: no one later turns the departure into a death.
        assertThat(others).allSatisfy(m -> assertThat(nodes.departure(m, leaver)).isEqualTo(NodeState.LEFT));
    }

    @Test
    void encryption_sharedKey_clusterConverges_andNodeWithAnotherKeyIsNotAdmitted() throws Exception {
        Random random = new Random(42);
        byte[] key = new byte[32];
        byte[] otherKey = new byte[32];
        random.nextBytes(key);
        random.nextBytes(otherKey);
        List<Memberlist> cluster = nodes.startCluster(fast().secretKeys(List.of(key)), "e", 5);
        awaitConverged(cluster, CONVERGE);
        long decryptDropsBefore = cluster.get(0).stats().droppedDecrypt();

        Memberlist intruder = nodes.start(fast().secretKeys(List.of(otherKey)), "intruder");
        assertThatThrownBy(() -> intruder.join(List.of(seed(cluster.get(0))))).isInstanceOf(MemberlistException.class);
        Memberlist plain = nodes.start(fast(), "plain");
        assertThatThrownBy(() -> plain.join(List.of(seed(cluster.get(0))))).isInstanceOf(MemberlistException.class);

        awaitTrue(() -> cluster.get(0).stats().droppedDecrypt() >= decryptDropsBefore + 2, Duration.ofSeconds(5),
                () -> "the seed counted both foreign streams as undecryptable");
        awaitConverged(cluster, CONVERGE);
        assertThat(intruder.numMembers()).isEqualTo(1);
        assertThat(plain.numMembers()).isEqualTo(1);
        assertThat(cluster).allSatisfy(m -> assertThat(names(m)).doesNotContain("intruder", "plain"));
    }

    @Test
    void label_mismatch_keepsClustersApart() throws Exception {
        List<Memberlist> blue = nodes.startCluster(fast().label("blue"), "b", 3);
        List<Memberlist> green = nodes.startCluster(fast().label("green"), "g", 3);
        awaitConverged(blue, CONVERGE);
        awaitConverged(green, CONVERGE);
        long labelDropsBefore = blue.get(0).stats().droppedLabel();

        assertThatThrownBy(() -> green.get(1).join(List.of(seed(blue.get(0)))))
                .isInstanceOf(MemberlistException.class);
        Memberlist unlabelled = nodes.start(fast(), "none");
        assertThatThrownBy(() -> unlabelled.join(List.of(seed(blue.get(0)))))
                .isInstanceOf(MemberlistException.class);

        awaitTrue(() -> blue.get(0).stats().droppedLabel() >= labelDropsBefore + 2, Duration.ofSeconds(5),
                () -> "the blue seed counted both foreign streams as wrongly labelled");
        awaitConverged(blue, CONVERGE);
        awaitConverged(green, CONVERGE);
        assertThat(unlabelled.numMembers()).isEqualTo(1);
    }
}
