package io.memberlist.sim;

import io.memberlist.NodeState;
import io.memberlist.protocol.MemberRecord;

/** Measures how long after a partition heals every running node again sees every other one alive. */
final class HealWatch {
    private static final long STEP = 250_000_000L;

    private HealWatch() {
    }

    /**
     * Runs {@code sim} in steps from {@code healAt} until views agree or {@code end}; null if they never do.
     * Each step runs through {@code runUntil} (the runner's, which may record as it goes).
     */
    static Double secondsToConverge(Simulation sim, long healAt, long end, java.util.function.LongConsumer runUntil) {
        for (long t = healAt; t <= end; t += STEP) {
            runUntil.accept(t);
            if (converged(sim)) {
                return (t - healAt) / 1e9;
            }
        }
        return null;
    }

    private static boolean converged(Simulation sim) {
        for (SimNode observer : sim.nodes()) {
            if (observer.status() != SimNode.Status.RUNNING) {
                continue;
            }
            for (SimNode subject : sim.nodes()) {
                if (subject.status() != SimNode.Status.RUNNING) {
                    continue;
                }
                MemberRecord r = observer.machine().member(subject.name());
                if (r == null || r.state() != NodeState.ALIVE) {
                    return false;
                }
            }
        }
        return true;
    }
}
