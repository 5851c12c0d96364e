package io.memberlist.protocol;

import io.memberlist.Node;
import io.memberlist.NodeState;

import java.math.BigInteger;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A cluster view every node agrees on, to start many machines from at once
 * ({@link SwimMachine#startConverged}). Immutable and shared: machines copy a record only when they change
 * it, so ten thousand machines cost one view plus their divergence.
 */
public final class ConvergedView {
    private final Map<String, MemberRecord> records;
    private final List<String> names;
    /** The records in the order of {@link #names}, so a shared probe order can walk them without lookups. */
    private final List<MemberRecord> inOrder;
    /** Each name's index in {@link #names}, to find a member's place in a node's probe order. */
    private final Map<String, Integer> indexes;
    /** The versions every record carries, when they all carry the same six or more bytes; else null. */
    private final byte[] uniformVersions;

    private ConvergedView(Map<String, MemberRecord> records, List<String> names, List<MemberRecord> inOrder) {
        this.records = records;
        this.names = names;
        this.inOrder = inOrder;
        this.indexes = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            indexes.put(names.get(i), i);
        }
        this.uniformVersions = uniformVersions(inOrder);
    }

    private static byte[] uniformVersions(List<MemberRecord> records) {
        byte[] first = records.isEmpty() ? null : records.get(0).vsn();
        if (first == null || first.length < 6) {
            return null;
        }
        for (MemberRecord r : records) {
            if (!Arrays.equals(r.vsn(), first)) {
                return null;
            }
        }
        return first;
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
        List<MemberRecord> inOrder = new ArrayList<>(names.size());
        names.forEach(name -> inOrder.add(records.get(name)));
        return new ConvergedView(Collections.unmodifiableMap(records), List.copyOf(names), List.copyOf(inOrder));
    }

    MemberRecord get(String name) {
        return records.get(name);
    }

    Map<String, MemberRecord> records() {
        return records;
    }

    /** The index of {@code name} among the shared names, or -1 when the view does not hold it. */
    int indexOf(String name) {
        Integer i = indexes.get(name);
        return i == null ? -1 : i;
    }

    /** The versions all records share (six bytes or more), or null when they differ. */
    byte[] uniformVersions() {
        return uniformVersions;
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
        return new Order(names, inOrder, stride, offset);
    }

    /** A node's probe order over the shared names: {@code i -> names[(stride × i + offset) mod n]}. */
    static final class Order extends AbstractList<String> implements RandomAccess {
        private final List<String> names;
        private final List<MemberRecord> records;
        private final int n;
        private final long stride;
        private final long offset;
        /** {@code stride}'s inverse modulo {@code n}: maps a shared index back to its place in this order. */
        private final long inverse;

        private Order(List<String> names, List<MemberRecord> records, long stride, long offset) {
            this.names = names;
            this.records = records;
            this.n = names.size();
            this.stride = stride;
            this.offset = offset;
            this.inverse = BigInteger.valueOf(stride).modInverse(BigInteger.valueOf(n)).longValueExact();
        }

        /** The shared record at place {@code i} of this order. */
        MemberRecord recordAt(int i) {
            return records.get((int) ((stride * Objects.checkIndex(i, n) + offset) % n));
        }

        /** The place in this order of the shared name at {@code index}: the inverse of {@link #get}. */
        int placeOf(int index) {
            long shifted = Math.floorMod(Objects.checkIndex(index, n) - offset, (long) n);
            return (int) (shifted * inverse % n);
        }

        @Override
        public String get(int i) {
            return names.get((int) ((stride * Objects.checkIndex(i, n) + offset) % n));
        }

        @Override
        public int size() {
            return n;
        }

        /** The shared records in this order, stepping by addition: no division, no map lookup. */
        void forEachRecord(Consumer<MemberRecord> action) {
            long at = offset;
            for (int visited = 0; visited < n; visited++) {
                action.accept(records.get((int) at));
                at += stride;
                if (at >= n) {
                    at -= n;
                }
            }
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    public int size() {
        return names.size();
    }
}
