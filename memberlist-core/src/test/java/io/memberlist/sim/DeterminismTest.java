package io.memberlist.sim;

import io.memberlist.Config;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Same seed, same run: the whole event trace replays exactly; another seed takes another path. */
class DeterminismTest {

    @Test
    void sameSeed_sameFaults_identicalEventTrace() {
        assertThat(trace(42)).isEqualTo(trace(42)).isNotEmpty();
    }

    @Test
    void differentSeed_differentEventTrace() {
        assertThat(trace(42)).isNotEqualTo(trace(43));
    }

    private static List<String> trace(long seed) {
        FaultPlan faults = new FaultPlan().latency(1_000_000, 3_000_000).loss(0.05).duplicates(0.01);
        SimHarness h = new SimHarness(Config.lan().name("sim").build(), faults, seed, false, false);
        h.sim.addConverged(40);
        SimNode victim = h.sim.node(Simulation.nameOf(9));
        h.sim.at(3 * SimHarness.S, () -> h.sim.crash(victim));
        h.sim.at(4 * SimHarness.S, () -> h.sim.leave(h.sim.node(Simulation.nameOf(17)), 5 * SimHarness.S));
        h.sim.at(30 * SimHarness.S, () -> h.sim.restart(victim, h.sim.node(Simulation.nameOf(0)).address()));
        h.runFor(60);
        h.trace.add("events " + h.sim.eventsRun());
        return h.trace;
    }
}
