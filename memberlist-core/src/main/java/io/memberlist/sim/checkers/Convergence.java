package io.memberlist.sim.checkers;

import io.memberlist.NodeState;
import io.memberlist.protocol.MemberRecord;
import io.memberlist.sim.SimNode;
import io.memberlist.sim.Simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * After the faults stop (and the run has left time to settle), every running node sees exactly the
 * running nodes as alive, and nobody else as alive or suspect: the cluster has one view. Checked for at
 * most {@link #MAX_OBSERVERS} observers' views.
 */
public final class Convergence extends InvariantChecker {
    /**
     * Views checked at most: every view up to 1,000 running nodes, evenly spaced ones beyond. The check is
     * quadratic, and checking all 100,000 views of a 100,000-node run (10^10 lookups) would take longer
     * than the run; one stale view in a thousand is still caught with the run's other views.
     */
    static final int MAX_OBSERVERS = 1_000;

    private final boolean expected;

    /** @param expected whether this run ends calm enough for the views to agree */
    public Convergence(boolean expected) {
        this.expected = expected;
    }

    @Override
    public String name() {
        return "Convergence";
    }

    @Override
    public void atEnd(long nowNanos, Simulation simulation) {
        if (!expected) {
            return;
        }
        List<SimNode> running = new ArrayList<>();
        for (SimNode n : simulation.nodes()) {
            if (n.status() == SimNode.Status.RUNNING) {
                running.add(n);
            }
        }
        int stride = Math.max(1, running.size() / MAX_OBSERVERS);
        for (int i = 0; i < running.size(); i += stride) {
            SimNode observer = running.get(i);
            for (SimNode subject : simulation.nodes()) {
                MemberRecord r = observer.machine().member(subject.name());
                boolean shouldBeAlive = subject.status() == SimNode.Status.RUNNING;
                boolean seenAlive = r != null && r.state() == NodeState.ALIVE;
                boolean seenMember = r != null && !r.state().isDeadOrLeft();
                if (shouldBeAlive && !seenAlive) {
                    violation(nowNanos, observer.name() + " sees running " + subject.name() + " as "
                            + (r == null ? "unknown" : r.state()));
                } else if (!shouldBeAlive && seenMember) {
                    violation(nowNanos, observer.name() + " still sees " + subject.name() + " ("
                            + subject.status() + ") as " + r.state());
                }
            }
        }
    }
}
