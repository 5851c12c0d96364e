package io.memberlist.protocol;

import io.memberlist.Node;
import io.memberlist.NodeState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A cluster view every node agrees on, to start many machines from at once
 * ({@link SwimMachine#startConverged}). Immutable and shared: machines copy a record only when they change
 * it, so ten thousand machines cost one view plus their divergence.
 */
public final class ConvergedView {
    private final Map<String, MemberRecord> records;
    private final List<String> names;

    private ConvergedView(Map<String, MemberRecord> records, List<String> names) {
        this.records = records;
        this.names = names;
    }

    /** A view of these nodes, all alive at their given incarnations, state changed at {@code nowNanos}. */
    public static ConvergedView of(List<Node> nodes, long nowNanos) {
        Map<String, MemberRecord> records = new HashMap<>(nodes.size() * 2);
        List<String> names = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            MemberRecord r = new MemberRecord(n.name(), n.address(), n.meta(), n.versions(), NodeState.ALIVE,
                    n.incarnation(), nowNanos);
            if (records.put(n.name(), r) != null) {
                throw new IllegalArgumentException("two nodes are named '" + n.name() + "'");
            }
            names.add(n.name());
        }
        return new ConvergedView(Collections.unmodifiableMap(records), List.copyOf(names));
    }

    MemberRecord get(String name) {
        return records.get(name);
    }

    Map<String, MemberRecord> records() {
        return records;
    }

    List<String> shuffledNames(RandomGenerator random) {
        List<String> order = new ArrayList<>(names);
        Collections.shuffle(order, new java.util.Random(random.nextLong()));
        return order;
    }

    public int size() {
        return names.size();
    }
}
