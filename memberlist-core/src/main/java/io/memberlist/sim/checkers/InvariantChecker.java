package io.memberlist.sim.checkers;

import io.memberlist.sim.SimObserver;

import java.util.ArrayList;
import java.util.List;

/**
 * A named property that must hold in every simulation, checked as the simulation runs. Violations are
 * recorded with their virtual time (the first hundred kept verbatim, all counted).
 */
public abstract class InvariantChecker implements SimObserver {
    private static final int KEPT = 100;
    private final List<String> violations = new ArrayList<>();
    private long count;

    /** The invariant's name, as reports and test failures print it. */
    public abstract String name();

    protected final void violation(long nowNanos, String what) {
        count++;
        if (violations.size() < KEPT) {
            violations.add(String.format("%s at %.3fs: %s", name(), nowNanos / 1e9, what));
        }
    }

    public final long violationCount() {
        return count;
    }

    public final List<String> violations() {
        return List.copyOf(violations);
    }
}
