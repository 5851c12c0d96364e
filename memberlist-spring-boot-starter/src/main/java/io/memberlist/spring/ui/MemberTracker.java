package io.memberlist.spring.ui;

import io.memberlist.Node;
import io.memberlist.NodeState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares successive views of the cluster (the engine's live members plus the departed ones) and names each
 * transition the way an operator reads it: joined, suspected, refuted, dead, left, updated. Remembers since
 * when each member is in its current state. Not thread-safe: the live view calls it from one thread.
 */
final class MemberTracker {

    /** What happened to a member between two views. */
    enum Kind {
        JOINED, SUSPECTED, REFUTED, DEAD, LEFT, UPDATED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A member as last seen, and since when (epoch millis) it is in that state. */
    record Seen(Node node, long sinceMillis) {
    }

    /**
     * One difference: {@code node} is the new view of the member ({@code null} when it dropped out of the view,
     * e.g. a departed member past its retention); {@code kind} is null for changes worth a row refresh but
     * no timeline entry (an incarnation bump with nothing else changed).
     */
    record Change(String name, Seen now, Kind kind) {
    }

    private final Map<String, Seen> seen = new LinkedHashMap<>();

    /** The members as last seen, by name. */
    Collection<Seen> current() {
        return seen.values();
    }

    Set<String> names() {
        return seen.keySet();
    }

    /** Applies a new view and returns what changed, in view order, then the removals. */
    List<Change> update(Collection<Node> view, long nowMillis) {
        List<Change> changes = new ArrayList<>();
        Map<String, Node> byName = new HashMap<>();
        for (Node n : view) {
            byName.put(n.name(), n);
        }
        for (Node n : view) {
            if (byName.get(n.name()) != n) {
                continue; // a duplicate name: the later entry (departed wins, see LiveView) is used
            }
            Seen before = seen.get(n.name());
            if (before != null && before.node().equals(n)) {
                continue;
            }
            boolean stateChanged = before == null || before.node().state() != n.state();
            Seen now = new Seen(n, stateChanged ? nowMillis : before.sinceMillis());
            seen.put(n.name(), now);
            changes.add(new Change(n.name(), now, kind(before == null ? null : before.node(), n)));
        }
        for (String name : new ArrayList<>(seen.keySet())) {
            if (!byName.containsKey(name)) {
                seen.remove(name);
                changes.add(new Change(name, null, null));
            }
        }
        return changes;
    }

    static Kind kind(Node before, Node now) {
        NodeState to = now.state();
        if (before == null || before.state().isDeadOrLeft() && !to.isDeadOrLeft()) {
            return switch (to) {
                case DEAD -> Kind.DEAD;
                case LEFT -> Kind.LEFT;
                case ALIVE, SUSPECT -> Kind.JOINED;
            };
        }
        if (before.state() != to) {
            return switch (to) {
                case ALIVE -> Kind.REFUTED;
                case SUSPECT -> Kind.SUSPECTED;
                case DEAD -> Kind.DEAD;
                case LEFT -> Kind.LEFT;
            };
        }
        boolean moved = !before.address().equals(now.address());
        boolean newMeta = !java.util.Arrays.equals(before.meta(), now.meta());
        return moved || newMeta ? Kind.UPDATED : null;
    }
}
