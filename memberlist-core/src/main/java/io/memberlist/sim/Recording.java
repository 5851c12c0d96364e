package io.memberlist.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run looked like over time, for the HTML report: sampled once per simulated second (the runner
 * advances in one-second steps while recording), plus the scenario's per-member times at the end.
 */
final class Recording {

    /**
     * Cumulative totals over all members at {@code atS}.
     *
     * @param seen members that have seen the scenario's event (joined, dead or left), or 0 without one
     */
    record Sample(double atS, long bytes, long packets, long falseSuspects, long falseDeads, int seen, int nodes) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private Measurements.Sample subjectTimes;

    void sample(Simulation sim, Measurements m, Scenario scenario) {
        long bytes = 0;
        long packets = 0;
        for (SimNode n : sim.nodes()) {
            bytes += n.bytesSent;
            packets += n.packetsSent;
        }
        Measurements.Sample s = times(m, scenario);
        samples.add(new Sample(sim.nowNanos() / 1e9, bytes, packets, m.falseSuspects(), m.falseDeads(),
                s == null ? 0 : s.reachedNanos().length, sim.nodes().size()));
    }

    void finish(Measurements m, Scenario scenario) {
        subjectTimes = times(m, scenario);
    }

    List<Sample> samples() {
        return samples;
    }

    /** Nanoseconds from the event until each member saw it; null for scenarios without a subject. */
    Measurements.Sample subjectTimes() {
        return subjectTimes;
    }

    private static Measurements.Sample times(Measurements m, Scenario scenario) {
        return switch (scenario) {
            case JOIN -> m.joinedSample();
            case CRASH -> m.deadSample();
            case LEAVE -> m.leftSample();
            default -> null;
        };
    }
}
