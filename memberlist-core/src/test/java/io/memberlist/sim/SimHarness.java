package io.memberlist.sim;

import io.memberlist.Config;
import io.memberlist.MembershipEvent;
import io.memberlist.sim.checkers.Convergence;
import io.memberlist.sim.checkers.IncarnationMonotonic;
import io.memberlist.sim.checkers.InvariantChecker;
import io.memberlist.sim.checkers.NoFalseDeathWhenHealthy;
import io.memberlist.sim.checkers.NoResurrection;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulation with every invariant checker attached and an event trace, for scenario tests. */
final class SimHarness {
    static final long S = 1_000_000_000L;

    final Simulation sim;
    final Measurements measurements;
    final List<InvariantChecker> checkers;
    final List<String> trace = new ArrayList<>();
    final List<MembershipEvent> conflicts = new ArrayList<>();

    SimHarness(Config config, FaultPlan faults, long seed, boolean healthyNetwork, boolean expectConvergence) {
        sim = new Simulation(config, faults, seed);
        measurements = new Measurements(sim);
        checkers = List.of(new IncarnationMonotonic(), new NoResurrection(config.gossipToTheDeadTime().toNanos()),
                new NoFalseDeathWhenHealthy(sim, healthyNetwork), new Convergence(expectConvergence));
        sim.observe(measurements);
        checkers.forEach(sim::observe);
        sim.observe(new SimObserver() {
            @Override
            public void onNotify(long nowNanos, SimNode at, MembershipEvent event) {
                trace.add(nowNanos + " " + at.name() + " " + describe(event));
                if (event instanceof MembershipEvent.Conflict) {
                    conflicts.add(event);
                }
            }
        });
    }

    static SimHarness lan(long seed) {
        return new SimHarness(Config.lan().name("sim").build(), new FaultPlan(), seed, true, true);
    }

    void runFor(double seconds) {
        sim.runUntil(sim.nowNanos() + (long) (seconds * S));
    }

    /** Ends the run and fails with every violation and the seed that replays it. */
    void finishAndAssertInvariants() {
        sim.finish();
        List<String> all = new ArrayList<>();
        checkers.forEach(c -> all.addAll(c.violations()));
        assertThat(all).as("invariant violations (replay with seed %d)", sim.seed()).isEmpty();
    }

    private static String describe(MembershipEvent e) {
        if (e instanceof MembershipEvent.Joined j) {
            return "joined " + j.node().name() + "@" + j.node().incarnation();
        }
        if (e instanceof MembershipEvent.Left l) {
            return l.node().state() + " " + l.node().name() + "@" + l.node().incarnation();
        }
        if (e instanceof MembershipEvent.Suspected s) {
            return "suspect " + s.node().name() + "@" + s.node().incarnation();
        }
        return e.getClass().getSimpleName();
    }
}
