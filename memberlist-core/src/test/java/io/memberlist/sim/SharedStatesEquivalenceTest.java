package io.memberlist.sim;

import io.memberlist.Config;
import io.memberlist.MembershipEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push/pulls that travel as shared converged states (merged and counted from their changes only) replay
 * exactly the run in which they travel as plain lists of states, as over a real network: same events at
 * the same instants, same traffic, same final incarnations. Frequent push/pulls under loss, a crash, a
 * leave, a partition, a restart and a new member make the views diverge in every way the merge handles.
 */
class SharedStatesEquivalenceTest {
    private static final long S = 1_000_000_000L;

    @Test
    void sharedStates_replayThePlainListRun_exactly() {
        for (long seed = 1; seed <= 2; seed++) {
            Run shared = run(seed, true);
            Run plain = run(seed, false);

            assertThat(shared.sharedPushPulls).as("push/pulls carried as shared states").isGreaterThan(100);
            assertThat(plain.sharedPushPulls).isZero();
            assertThat(shared.trace).isEqualTo(plain.trace);
            assertThat(String.join("\n", shared.trace)).contains("Suspected").contains("Left").contains("Joined");
        }
    }

    private record Run(List<String> trace, long sharedPushPulls) {
    }

    private static Run run(long seed, boolean share) {
        FaultPlan faults = new FaultPlan().latency(1_000_000, 3_000_000).loss(0.05).duplicates(0.01);
        Config config = Config.lan().name("sim").pushPullInterval(Duration.ofSeconds(2)).build();
        Simulation sim = new Simulation(config, faults, seed);
        sim.shareConvergedStates(share);
        List<String> trace = new ArrayList<>();
        sim.observe(new SimObserver() {
            @Override
            public void onNotify(long nowNanos, SimNode at, MembershipEvent event) {
                trace.add(nowNanos + " " + at.name() + " " + event.getClass().getSimpleName() + " " + event);
            }
        });
        int n = 60;
        sim.addConverged(n);
        SimNode victim = sim.node(Simulation.nameOf(9));
        sim.at(3 * S, () -> sim.crash(victim));
        sim.at(4 * S, () -> sim.leave(sim.node(Simulation.nameOf(17)), 5 * S));
        Set<String> side = new HashSet<>();
        for (int i = 20; i < n / 2; i++) {
            side.add(Simulation.nameOf(i));
        }
        sim.faults().partition(new FaultPlan.Partition(side, 10 * S, 30 * S, false));
        sim.at(40 * S, () -> sim.restart(victim, sim.node(Simulation.nameOf(0)).address()));
        sim.at(50 * S, () -> sim.join(sim.startNode("joiner", Simulation.addressOf(n)),
                sim.node(Simulation.nameOf(0)).address()));
        sim.runUntil(80 * S);
        for (SimNode node : sim.nodes()) {
            trace.add(node.name() + " sent " + node.packetsSent + "/" + node.bytesSent + " " + node.status()
                    + " at incarnation " + node.machine().incarnation());
        }
        trace.add("events " + sim.eventsRun());
        return new Run(trace, sim.sharedPushPulls());
    }
}
