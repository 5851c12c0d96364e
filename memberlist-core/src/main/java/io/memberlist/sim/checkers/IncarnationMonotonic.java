package io.memberlist.sim.checkers;

import io.memberlist.sim.SimNode;

import java.util.HashMap;
import java.util.Map;

/** A node's own incarnation never decreases during one life of its process. */
public final class IncarnationMonotonic extends InvariantChecker {
    private final Map<SimNode, Long> last = new HashMap<>();

    @Override
    public String name() {
        return "IncarnationMonotonic";
    }

    @Override
    public void onStart(long nowNanos, SimNode node) {
        last.remove(node);
    }

    @Override
    public void afterInput(long nowNanos, SimNode node) {
        long inc = node.machine().incarnation();
        Long before = last.put(node, inc);
        if (before != null && inc < before) {
            violation(nowNanos, node.name() + " went from incarnation " + before + " to " + inc);
        }
    }
}
