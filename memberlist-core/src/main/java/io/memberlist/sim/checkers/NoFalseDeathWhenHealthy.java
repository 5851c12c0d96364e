package io.memberlist.sim.checkers;

import io.memberlist.MembershipEvent;
import io.memberlist.NodeState;
import io.memberlist.sim.SimNode;
import io.memberlist.sim.Simulation;


/**
 * In a healthy network (no loss, no partitions, no slow nodes, ever) no reachable, responsive node is
 * declared dead. Nodes that crashed or left at some point are exempt: old accusations about them may
 * still be running out.
 */
public final class NoFalseDeathWhenHealthy extends InvariantChecker {
    private final Simulation simulation;
    private final boolean healthyNetwork;

    public NoFalseDeathWhenHealthy(Simulation simulation, boolean healthyNetwork) {
        this.simulation = simulation;
        this.healthyNetwork = healthyNetwork;
    }

    @Override
    public String name() {
        return "NoFalseDeathWhenHealthy";
    }

    @Override
    public void onNotify(long nowNanos, SimNode at, MembershipEvent event) {
        if (!healthyNetwork || !(event instanceof MembershipEvent.Left left)
                || left.node().state() != NodeState.DEAD) {
            return;
        }
        SimNode subject = simulation.node(left.node().name());
        if (subject != null && subject.status() == SimNode.Status.RUNNING && !simulation.wasEverDown(subject)) {
            violation(nowNanos, at.name() + " declared " + subject.name() + " dead while it was running");
        }
    }
}
