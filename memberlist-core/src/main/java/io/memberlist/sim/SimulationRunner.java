package io.memberlist.sim;

import io.memberlist.Config;
import io.memberlist.sim.checkers.Convergence;
import io.memberlist.sim.checkers.IncarnationMonotonic;
import io.memberlist.sim.checkers.InvariantChecker;
import io.memberlist.sim.checkers.NoFalseDeathWhenHealthy;
import io.memberlist.sim.checkers.NoResurrection;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/** Runs one scenario from {@link SimulationOptions} with every checker on, and reports. */
public final class SimulationRunner {
    private static final long S = 1_000_000_000L;

    private SimulationRunner() {
    }

    public static Config.Builder profile(String name) {
        return switch (name) {
            case "wan" -> Config.wan();
            case "local" -> Config.local();
            default -> Config.lan();
        };
    }

    public static SimulationReport run(SimulationOptions o) {
        return run(o, null);
    }

    /** Runs {@code o}; with a {@code recording}, advances in one-second steps and samples each. */
    static SimulationReport run(SimulationOptions o, Recording recording) {
        long wallStart = System.nanoTime();
        resetPeakHeap();
        Config.Builder builder = profile(o.profile()).name("sim").lifeguard(o.lifeguard())
                .enableCompression(o.compression());
        if (o.encryption()) {
            builder.secretKeys(java.util.List.of(new byte[32])); // the key does not change any size
        }
        Config config = builder.build();
        FaultPlan faults = new FaultPlan()
                .latency((long) (o.latencyMs() * 1e6), (long) (o.jitterMs() * 1e6))
                .loss(o.loss());
        Simulation sim = new Simulation(config, faults, o.seed());
        Measurements measurements = new Measurements(sim);
        List<InvariantChecker> checkers = List.of(
                new IncarnationMonotonic(),
                new NoResurrection(config.gossipToTheDeadTime().toNanos()),
                new NoFalseDeathWhenHealthy(sim, o.loss() == 0 && o.effectiveSlowNodes() == 0
                        && o.scenario() != Scenario.PARTITION),
                new Convergence(o.scenario().endsCalm(o)));
        sim.observe(measurements);
        checkers.forEach(sim::observe);
        sim.addConverged(o.nodes());
        Scenario.slowDown(sim, o);
        o.scenario().arrange(sim, o, measurements);
        long end = (long) (o.effectiveDurationS() * S);
        LongConsumer advance = t -> advance(sim, t, recording, measurements, o.scenario());
        advance.accept(0);
        Double healed = null;
        if (o.scenario() == Scenario.PARTITION) {
            long healAt = (long) ((Scenario.EVENT_AT_S + o.partitionS()) * S);
            advance.accept(healAt);
            healed = HealWatch.secondsToConverge(sim, healAt, end, advance);
        }
        advance.accept(end);
        sim.finish();
        if (recording != null) {
            recording.finish(measurements, o.scenario());
        }

        int nodes = sim.nodes().size();
        long packets = 0;
        long bytes = 0;
        for (SimNode n : sim.nodes()) {
            packets += n.packetsSent;
            bytes += n.bytesSent;
        }
        double seconds = end / 1e9;
        long violationCount = 0;
        List<String> violations = new ArrayList<>();
        for (InvariantChecker c : checkers) {
            violationCount += c.violationCount();
            violations.addAll(c.violations().subList(0, Math.min(5, c.violations().size())));
        }
        Scenario s = o.scenario();
        return new SimulationReport(o, nodes, seconds, (System.nanoTime() - wallStart) / 1e9, peakHeapMb(),
                sim.eventsRun(),
                s == Scenario.JOIN ? measurements.joinedAfter() : null,
                s == Scenario.CRASH ? measurements.deadAfter() : null,
                s == Scenario.LEAVE ? measurements.leftAfter() : null,
                healed, s == Scenario.CRASH ? measurements.firstSuspect() : null,
                measurements.falseSuspects(), measurements.falseDeads(), measurements.slowDeads(),
                packets / (double) nodes / seconds, bytes / (double) nodes / seconds,
                violationCount, violations);
    }

    private static void advance(Simulation sim, long to, Recording recording, Measurements m, Scenario s) {
        if (recording != null) {
            if (sim.nowNanos() == 0 && recording.samples().isEmpty()) {
                recording.sample(sim, m, s);
            }
            for (long next = (sim.nowNanos() / S + 1) * S; next <= to; next += S) {
                sim.runUntil(next);
                recording.sample(sim, m, s);
            }
        }
        sim.runUntil(to);
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024.0 * 1024.0);
    }
}
