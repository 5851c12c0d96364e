package io.memberlist.sim;

import io.memberlist.Config;
import io.memberlist.NodeState;
import io.memberlist.protocol.MemberRecord;
import io.memberlist.protocol.Timing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol's behaviours in the simulator, each with every invariant checker on and a fixed seed (the
 * failure message names it). Timings are checked against the protocol's own bounds, not wall clocks.
 */
class ScenarioTest {

    @Test
    void joinStorm_hundredNodesJoiningOneSeed_allConvergeToOneView() {
        SimHarness h = SimHarness.lan(11);
        SimNode seed = h.sim.startNode("seed", Simulation.addressOf(0));
        for (int i = 1; i < 100; i++) {
            int index = i;
            // Everyone joins within two seconds, through the same seed.
            h.sim.at((long) (i * 0.02 * SimHarness.S), () -> {
                SimNode n = h.sim.startNode(Simulation.nameOf(index), Simulation.addressOf(index));
                h.sim.join(n, seed.address());
            });
        }
        h.runFor(60);
        for (SimNode n : h.sim.nodes()) {
            assertThat(n.machine().numMembers()).as("members seen by %s", n.name()).isEqualTo(100);
        }
        h.finishAndAssertInvariants();
    }

    @Test
    void crash_oneOfHundred_everyoneMarksItDeadWithinTheSuspicionBound() {
        SimulationReport r = SimulationRunner.run(options(Scenario.CRASH, 100, 2));
        assertThat(r.invariantViolations()).as(r.violations().toString()).isZero();
        assertThat(r.crashDetection().reached()).isEqualTo(99);
        // Lifeguard: at most the maximum suspicion timeout (6 x 4 x log10(100) x 1 s = 48 s) plus probing.
        assertThat(r.crashDetection().max()).isLessThan(48 + 5);
        assertThat(r.firstSuspectS()).isLessThan(3.0);
        assertThat(r.falseDeads()).isZero();
    }

    @Test
    void leave_oneOfHundred_everyoneMarksItLeftNotDead() {
        SimulationReport r = SimulationRunner.run(options(Scenario.LEAVE, 100, 3));
        assertThat(r.invariantViolations()).as(r.violations().toString()).isZero();
        assertThat(r.leaveDetection().reached()).isEqualTo(99);
        assertThat(r.leaveDetection().max()).isLessThan(2.0);
    }

    @Test
    void join_oneNewNodeIntoHundred_everyoneLearnsItIsAliveWithinSeconds() {
        SimulationReport r = SimulationRunner.run(options(Scenario.JOIN, 100, 4));
        assertThat(r.invariantViolations()).as(r.violations().toString()).isZero();
        assertThat(r.joinConvergence().reached()).isEqualTo(100);
        assertThat(r.joinConvergence().p99()).isLessThan(3.0);
    }

    @Test
    void partitionAndHeal_halvesDeclareEachOtherDead_thenMergeBackIntoOneView() {
        SimulationOptions o = new SimulationOptions(50, "lan", Scenario.PARTITION, 0, 1, 0, -1, -1, -1, 5, true, 20,
                false, true, false);
        SimulationReport r = SimulationRunner.run(o);
        assertThat(r.invariantViolations()).as(r.violations().toString()).isZero();
        assertThat(r.healConvergenceS()).as("views agree again after the heal").isNotNull();
    }

    @Test
    void steady_tenPercentLoss_noHealthyNodeDeclaredDead() {
        SimulationOptions o = new SimulationOptions(100, "lan", Scenario.STEADY, 0.10, 1, 0, -1, -1, 120, 6, true, 20,
                false, true, false);
        SimulationReport r = SimulationRunner.run(o);
        assertThat(r.invariantViolations()).as(r.violations().toString()).isZero();
        assertThat(r.falseDeads()).isZero();
    }

    @Test
    void slowNodes_lifeguardOn_atMostATenthOfThePlainSwimFalseDeaths() {
        SimulationReport swim = SimulationRunner.run(slow(false));
        SimulationReport lifeguard = SimulationRunner.run(slow(true));
        assertThat(swim.falseDeads()).as("plain SWIM must show the problem").isPositive();
        assertThat(lifeguard.falseDeads() * 10).isLessThanOrEqualTo(swim.falseDeads());
        assertThat(lifeguard.falseSuspects()).isLessThan(swim.falseSuspects());
    }

    @Test
    void restartWithSameName_afterBeingDeclaredDead_comesBackWithAHigherIncarnation() {
        SimHarness h = SimHarness.lan(8);
        h.sim.addConverged(30);
        SimNode victim = h.sim.node(Simulation.nameOf(7));
        SimNode seed = h.sim.node(Simulation.nameOf(0));
        h.sim.at(5 * SimHarness.S, () -> h.sim.crash(victim));
        h.runFor(25);
        MemberRecord dead = seed.machine().member(victim.name());
        assertThat(dead.state()).isEqualTo(NodeState.DEAD);
        h.sim.restart(victim, seed.address());
        h.runFor(60);
        for (SimNode n : h.sim.nodes()) {
            MemberRecord r = n.machine().member(victim.name());
            assertThat(r.state()).as("%s sees the restarted node", n.name()).isEqualTo(NodeState.ALIVE);
            assertThat(r.incarnation()).isGreaterThan(dead.incarnation());
        }
        h.finishAndAssertInvariants();
    }

    @Test
    void addressConflict_impostorWithATakenName_isRejectedAndReported() {
        SimHarness h = SimHarness.lan(9);
        h.sim.addConverged(20);
        SimNode original = h.sim.node(Simulation.nameOf(3));
        h.sim.at(5 * SimHarness.S, () -> {
            SimNode impostor = h.sim.startNode("impostor", original.name(), Simulation.addressOf(500));
            h.sim.join(impostor, h.sim.node(Simulation.nameOf(0)).address());
        });
        h.runFor(40);
        assertThat(h.conflicts).isNotEmpty();
        for (SimNode n : h.sim.nodes()) {
            if (n.name().equals("impostor")) {
                continue;
            }
            MemberRecord r = n.machine().member(original.name());
            assertThat(r.address()).as("%s keeps the original address", n.name()).isEqualTo(original.address());
            assertThat(r.state()).isEqualTo(NodeState.ALIVE);
        }
    }

    @Test
    void duplicatesAndJitter_healthyOtherwise_noFalseDeathAndViewsAgree() {
        FaultPlan faults = new FaultPlan().latency(2_000_000, 8_000_000).duplicates(0.05);
        SimHarness h = new SimHarness(Config.lan().name("sim").build(), faults, 10, false, true);
        h.sim.addConverged(60);
        h.runFor(120);
        assertThat(h.measurements.falseDeads()).isZero();
        h.finishAndAssertInvariants();
    }

    @Test
    void oneWayPartition_nodeCannotSendButHears_isDeclaredDead_thenRecoversAfterHeal() {
        FaultPlan faults = new FaultPlan();
        SimHarness h = new SimHarness(Config.lan().name("sim").build(), faults, 12, false, true);
        h.sim.addConverged(20);
        String cut = Simulation.nameOf(4);
        faults.partition(new FaultPlan.Partition(Set.of(cut), 5 * SimHarness.S, 25 * SimHarness.S, true));
        h.runFor(24);
        List<String> seeingItDead = new ArrayList<>();
        for (SimNode n : h.sim.nodes()) {
            MemberRecord r = n.machine().member(cut);
            if (!n.name().equals(cut) && r != null && r.state() == NodeState.DEAD) {
                seeingItDead.add(n.name());
            }
        }
        assertThat(seeingItDead).hasSize(19);
        h.runFor(100);
        h.finishAndAssertInvariants();
    }

    /**
     * The timings of the loopback tests ({@code LoopbackNodes.fast()}): Config.local() with probes every
     * 200 ms (timeout 100 ms), gossip every 50 ms, retransmitMult 4. Their wall-clock tests bound these
     * with margins for a loaded machine; here the protocol's own bound is checked exactly.
     */
    private static Config loopbackTimings() {
        return Config.local().name("sim").retransmitMult(4).probeInterval(java.time.Duration.ofMillis(200))
                .probeTimeout(java.time.Duration.ofMillis(100)).gossipInterval(java.time.Duration.ofMillis(50))
                .pushPullInterval(java.time.Duration.ofSeconds(5)).build();
    }

    /** Rounds a broadcast is retransmitted, as gossip time: by then every node has had it re-gossiped. */
    private static long gossipSpreadNanos(Config c, int n) {
        return Timing.retransmitLimit(c.retransmitMult(), n) * c.gossipInterval().toNanos();
    }

    @Test
    void crash_oneOfTwentyAtLoopbackTimings_suspectedWithinARoundThenDeadWithinTheMaxSuspicion() {
        Config c = loopbackTimings();
        int n = 20;
        SimHarness h = new SimHarness(c, new FaultPlan(), 21, true, true);
        h.sim.addConverged(n);
        SimNode victim = h.sim.node(Simulation.nameOf(7));
        long crashAt = 5 * SimHarness.S;
        h.measurements.subject(victim.name(), crashAt);
        h.sim.at(crashAt, () -> h.sim.crash(victim));
        h.runFor(40);

        long probe = c.probeInterval().toNanos();
        long suspicionMax = Timing.suspicionTimeout(c.suspicionMult(), n, probe) * c.suspicionMaxTimeoutMult();
        double firstSuspect = h.measurements.firstSuspect();
        Distribution dead = h.measurements.deadAfter();
        System.out.printf("loopback timings, crash 1 of %d: first suspect %.3f s, dead everywhere %.3f s%n", n,
                firstSuspect, dead.max());
        // Round-robin: every survivor probes the victim within n - 1 intervals; the probe itself takes one.
        assertThat(firstSuspect).isLessThanOrEqualTo(n * probe / 1e9);
        assertThat(dead.reached()).isEqualTo(n - 1);
        assertThat(dead.max()).isLessThanOrEqualTo(firstSuspect + (suspicionMax + gossipSpreadNanos(c, n)) / 1e9);
        h.finishAndAssertInvariants();
    }

    @Test
    void leave_oneOfTwentyAtLoopbackTimings_everyoneSeesItLeftWithinTheGossipSpread() {
        Config c = loopbackTimings();
        int n = 20;
        SimHarness h = new SimHarness(c, new FaultPlan(), 22, true, true);
        h.sim.addConverged(n);
        SimNode leaver = h.sim.node(Simulation.nameOf(11));
        long leaveAt = 5 * SimHarness.S;
        h.measurements.subject(leaver.name(), leaveAt);
        h.sim.at(leaveAt, () -> h.sim.leave(leaver, 5 * SimHarness.S));
        h.runFor(20);

        Distribution left = h.measurements.leftAfter();
        System.out.printf("loopback timings, leave 1 of %d: left everywhere %.3f s%n", n, left.max());
        assertThat(left.reached()).isEqualTo(n - 1);
        assertThat(h.measurements.deadAfter().reached()).isZero();
        assertThat(left.max()).isLessThanOrEqualTo(gossipSpreadNanos(c, n) / 1e9);
        h.finishAndAssertInvariants();
    }

    private static SimulationOptions options(Scenario s, int nodes, long seed) {
        return new SimulationOptions(nodes, "lan", s, 0, 1, 0, -1, -1, 90, seed, true, 20, false, true, false);
    }

    private static SimulationOptions slow(boolean lifeguard) {
        return new SimulationOptions(100, "lan", Scenario.SLOW, 0, 1, 0, -1, -1, 180, 1, lifeguard, 20, false, true, false);
    }
}
