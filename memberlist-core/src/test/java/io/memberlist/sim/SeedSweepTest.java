package io.memberlist.sim;

import io.memberlist.Config;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random chaos, then calm, for a few seeds (VOPR style): loss, jitter, duplicates, short partitions,
 * crashes, restarts and leaves drawn from the seed during the first minute; then calm, after which every
 * invariant must hold, including one agreed view. Partitions stay shorter than the suspicion timeout:
 * memberlist (like Go's) does not reconnect halves that declared each other dead and reaped each other;
 * that takes a re-join from outside the protocol. CI runs a few seeds; {@code -Dsim.seeds=200}
 * runs more, {@code -Dsim.seed=N} replays one. Failures name the seed.
 */
class SeedSweepTest {
    private static final long S = SimHarness.S;

    @Test
    void chaosThenCalm_everyInvariantHolds() {
        long only = Long.getLong("sim.seed", -1);
        int seeds = Integer.getInteger("sim.seeds", 4);
        List<String> failures = new ArrayList<>();
        for (long seed = only >= 0 ? only : 1; seed <= (only >= 0 ? only : seeds); seed++) {
            Chaos chaos = run(seed);
            assertThat(chaos.faultsFired).as("seed %d: faults actually fired", seed).isPositive();
            chaos.harness.sim.finish();
            chaos.harness.checkers.forEach(c -> c.violations().forEach(v -> failures.add("seed " + chaos.seed + ": " + v)));
        }
        assertThat(failures).as("replay one with -Dsim.seed=N").isEmpty();
    }

    private record Chaos(long seed, SimHarness harness, int faultsFired) {
    }

    private static Chaos run(long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919);
        int n = 20 + r.nextInt(30);
        long chaosEnd = 60 * S;
        FaultPlan faults = new FaultPlan()
                .latency(1_000_000 + r.nextInt(5_000_000), r.nextInt(10_000_000))
                .loss(r.nextDouble() * 0.15).lossUntil(chaosEnd)
                .duplicates(r.nextDouble() * 0.02);
        SimHarness h = new SimHarness(Config.lan().name("sim").build(), faults, seed, false, true);
        h.sim.addConverged(n);
        int fired = 0;
        for (int i = 0; i < 3 + r.nextInt(4); i++) {
            long at = (long) (r.nextDouble() * 50 * S) + S;
            SimNode node = h.sim.node(Simulation.nameOf(1 + r.nextInt(n - 1)));
            SimNode seedNode = h.sim.node(Simulation.nameOf(0));
            switch (r.nextInt(4)) {
                case 0 -> {
                    h.sim.at(at, () -> crashIfRunning(h, node));
                    h.sim.at(at + (long) (r.nextDouble() * 40 * S), () -> restartIfCrashed(h, node, seedNode));
                }
                case 1 -> h.sim.at(at, () -> {
                    if (node.status() == SimNode.Status.RUNNING) {
                        h.sim.leave(node, 5 * S);
                    }
                });
                case 2 -> faults.partition(new FaultPlan.Partition(java.util.Set.of(node.name()), at,
                        at + (long) ((0.5 + r.nextDouble() * 5.5) * S), r.nextBoolean()));
                default -> h.sim.at(at, () -> crashIfRunning(h, node));
            }
            fired++;
        }
        h.sim.runUntil(chaosEnd + 150 * S);
        return new Chaos(seed, h, fired);
    }

    private static void crashIfRunning(SimHarness h, SimNode node) {
        if (node.status() == SimNode.Status.RUNNING) {
            h.sim.crash(node);
        }
    }

    private static void restartIfCrashed(SimHarness h, SimNode node, SimNode seed) {
        if (node.status() == SimNode.Status.CRASHED && seed.isUp()) {
            h.sim.restart(node, seed.address());
        }
    }
}
