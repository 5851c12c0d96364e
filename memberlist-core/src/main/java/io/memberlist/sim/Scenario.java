package io.memberlist.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The simulator's stock experiments. Each starts from an already converged cluster, lets it run for
 * {@link #EVENT_AT_S} seconds, causes its event, and runs on until the end.
 */
public enum Scenario {
    /** Nothing happens: the cost of an idle cluster, and false alarms under loss. */
    STEADY,
    /** A new node joins through one random member: how fast everyone learns it is alive. */
    JOIN,
    /** A random member crashes: how fast it is suspected and declared dead everywhere. */
    CRASH,
    /** A random member leaves gracefully: how fast everyone marks it left. */
    LEAVE,
    /** Half the cluster is cut off for {@code --partition-s}, then the network heals. */
    PARTITION,
    /** A few members process messages late (CPU starvation): false alarms with and without Lifeguard. */
    SLOW;

    /** When the scenario's event happens, in seconds: after the first probes and gossip rounds. */
    public static final double EVENT_AT_S = 5;

    static Scenario parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario '" + s
                    + "': use steady, join, crash, leave, partition or slow", e);
        }
    }

    double defaultDurationS(SimulationOptions o) {
        return switch (this) {
            case STEADY -> 60;
            case JOIN, LEAVE -> 30;
            case CRASH -> 90;
            case PARTITION -> EVENT_AT_S + o.partitionS() + 120;
            case SLOW -> 600;
        };
    }

    /** Whether, by the end, the faults have stopped long enough that every view must agree. */
    boolean endsCalm(SimulationOptions o) {
        return switch (this) {
            case STEADY -> o.loss() == 0;
            case JOIN, CRASH, LEAVE -> o.loss() == 0 && o.effectiveDurationS() >= 60;
            case PARTITION -> o.loss() == 0 && o.effectiveDurationS() >= EVENT_AT_S + o.partitionS() + 90;
            case SLOW -> false;
        };
    }

    /** Arranges this scenario's event in {@code sim}; returns the subject's name (or null). */
    String arrange(Simulation sim, SimulationOptions o, Measurements measurements) {
        long eventAt = (long) (EVENT_AT_S * 1e9);
        List<SimNode> members = new ArrayList<>(sim.nodes());
        java.util.SplittableRandom pick = new java.util.SplittableRandom(o.seed() ^ 0x5DEECE66DL);
        SimNode victim = members.get(pick.nextInt(members.size()));
        switch (this) {
            case JOIN -> {
                String name = "joiner";
                sim.at(eventAt, () -> {
                    SimNode joiner = sim.startNode(name, Simulation.addressOf(members.size()));
                    sim.join(joiner, victim.address());
                });
                measurements.subject(name, eventAt);
                return name;
            }
            case CRASH -> {
                sim.at(eventAt, () -> sim.crash(victim));
                measurements.subject(victim.name(), eventAt);
                return victim.name();
            }
            case LEAVE -> {
                sim.at(eventAt, () -> sim.leave(victim, (long) 5e9));
                measurements.subject(victim.name(), eventAt);
                return victim.name();
            }
            case PARTITION -> {
                Set<String> side = new HashSet<>();
                for (int i = 0; i < members.size() / 2; i++) {
                    side.add(members.get(i).name());
                }
                long end = eventAt + (long) (o.partitionS() * 1e9);
                sim.faults().partition(new FaultPlan.Partition(side, eventAt, end, false));
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** The slow members of a {@code slow} run (or any run with {@code --slow-nodes}). */
    static void slowDown(Simulation sim, SimulationOptions o) {
        int k = o.effectiveSlowNodes();
        if (k == 0) {
            return;
        }
        List<SimNode> members = new ArrayList<>(sim.nodes());
        java.util.Collections.shuffle(members, new java.util.Random(o.seed() * 31 + 7));
        long lag = (long) (o.effectiveSlowDelayMs() * 1e6);
        for (int i = 0; i < k; i++) {
            sim.faults().slow(members.get(i).name(), lag);
        }
    }
}
