package io.memberlist.protocol;

import io.memberlist.Node;
import io.memberlist.NodeState;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
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

    /**
     * A probe order for one node: the shared names under a random affine permutation
     * {@code i -> (stride × i + offset) mod n}, read-only and without a copy ({@link Members} copies it on
     * its first change).
     *
     * <p>Diverges from Go ({@code memberlist.go: resetNodes}/{@code shuffleNodes} shuffle the list): the
     * first pass over a converged view is an affine permutation, not a uniform shuffle. Each member's
     * position is still uniform and independent between nodes, which is what the time to the first probe of
     * a crashed member depends on; the order is reshuffled uniformly when it wraps. Only simulations start
     * from a converged view.
     */
    List<String> shuffledNames(RandomGenerator random) {
        int n = names.size();
        if (n < 2) {
            return names;
        }
        long stride;
        do {
            stride = 1 + random.nextLong(n - 1);
        } while (gcd(stride, n) != 1);
        long offset = random.nextLong(n);
        long step = stride;
        return new AbstractList<>() {
            @Override
            public String get(int i) {
                return names.get((int) ((step * Objects.checkIndex(i, n) + offset) % n));
            }

            @Override
            public int size() {
                return n;
            }

            /** Steps through the permutation by addition: no division per element. */
            @Override
            public Iterator<String> iterator() {
                return new Iterator<>() {
                    private int visited;
                    private long at = offset;

                    @Override
                    public boolean hasNext() {
                        return visited < n;
                    }

                    @Override
                    public String next() {
                        if (visited++ >= n) {
                            throw new NoSuchElementException();
                        }
                        String name = names.get((int) at);
                        at += step;
                        if (at >= n) {
                            at -= n;
                        }
                        return name;
                    }
                };
            }
        };
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    public int size() {
        return names.size();
    }
}
