package io.memberlist.sim;

import io.memberlist.Config;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan counts faults where they take effect, not where they are planned. */
class FaultPlanTest {
    private static final long S = SimHarness.S;

    private static Simulation tenNodes(FaultPlan faults) {
        Simulation sim = new Simulation(Config.lan().name("sim").build(), faults, 3);
        sim.addConverged(10);
        return sim;
    }

    @Test
    void partition_duringTheRun_countsTheMessagesItBlocked() {
        FaultPlan faults = new FaultPlan();
        FaultPlan.Partition cut = new FaultPlan.Partition(Set.of(Simulation.nameOf(2)), 5 * S, 10 * S, false);
        faults.partition(cut);
        tenNodes(faults).runUntil(20 * S);
        assertThat(faults.blockedBy(cut)).isPositive();
        assertThat(faults.packetsLost()).isZero();
    }

    @Test
    void partition_afterTheRunEnds_countsNothing() {
        FaultPlan faults = new FaultPlan();
        FaultPlan.Partition late = new FaultPlan.Partition(Set.of(Simulation.nameOf(2)), 30 * S, 40 * S, false);
        faults.partition(late);
        tenNodes(faults).runUntil(20 * S);
        assertThat(faults.blockedBy(late)).isZero();
    }

    @Test
    void loss_untilTenSeconds_countsDropsOnlyWhileItApplies() {
        FaultPlan faults = new FaultPlan().loss(0.2).lossUntil(10 * S);
        Simulation sim = tenNodes(faults);
        sim.runUntil(10 * S);
        long lostWhileLossy = faults.packetsLost();
        sim.runUntil(30 * S);
        assertThat(lostWhileLossy).isPositive();
        assertThat(faults.packetsLost()).isEqualTo(lostWhileLossy);
    }
}
