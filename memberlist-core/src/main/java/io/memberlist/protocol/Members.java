package io.memberlist.protocol;

import io.memberlist.NodeState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The local view of the cluster (Go's {@code nodeMap} + {@code nodes}): every known member by name,
 * including the local node, suspects, and dead or left members not yet reaped, plus the probe order.
 *
 * <p>Records may come from a shared, never-mutated base view (a simulator starts thousands of machines
 * from one converged view); changes go to this view's own map, so memory grows only with divergence.
 */
final class Members {
    /** The converged view this one started from, or null. */
    private final ConvergedView base;
    private final Map<String, MemberRecord> shared;
    private final Map<String, MemberRecord> own = new HashMap<>();
    private final Set<String> reapedShared = new HashSet<>();
    /** The probe order: at first possibly a shared read-only view, copied on the first change. */
    private List<String> order;
    private final RandomGenerator random;
    private int probeIndex;
    private long version;

    Members(RandomGenerator random) {
        this(Map.of(), List.of(), random);
    }

    /** A view starting from {@code shared} (not copied, never changed) in {@code initialOrder}. */
    Members(Map<String, MemberRecord> shared, List<String> initialOrder, RandomGenerator random) {
        this(null, shared, initialOrder, random);
    }

    /** A view starting from the converged {@code base} in {@code initialOrder}. */
    Members(ConvergedView base, List<String> initialOrder, RandomGenerator random) {
        this(base, base.records(), initialOrder, random);
    }

    private Members(ConvergedView base, Map<String, MemberRecord> shared, List<String> initialOrder,
                    RandomGenerator random) {
        this.base = base;
        this.shared = shared;
        this.order = initialOrder;
        this.random = random;
    }

    MemberRecord get(String name) {
        MemberRecord r = own.get(name);
        if (r != null) {
            return r;
        }
        return reapedShared.contains(name) ? null : shared.get(name);
    }

    /** Stores a record; a new name is inserted at a random place in the probe order. */
    void put(MemberRecord record) {
        boolean isNew = get(record.name()) == null;
        own.put(record.name(), record);
        version++;
        if (isNew) {
            reapedShared.remove(record.name());
            // Inserting at a random offset keeps the failure-detection bound low on average.
            int n = order.size();
            List<String> mutable = mutableOrder();
            mutable.add(record.name());
            int offset = n == 0 ? 0 : random.nextInt(n);
            Collections.swap(mutable, offset, n);
        }
    }

    /** Increases with every change to the view. */
    long version() {
        return version;
    }

    /** Number of known members, dead and left included (Go's {@code estNumNodes}). */
    int size() {
        return order.size();
    }

    /** The converged view this view started from, or null. */
    ConvergedView base() {
        return base;
    }

    /**
     * Every record as {@link #forEach} walks them, as the shared view plus this view's changes, or null
     * when the view no longer has the shared shape (a member was added or reaped, or the order reshuffled).
     */
    ConvergedStates convergedStates() {
        return base != null && order instanceof ConvergedView.Order shared
                ? new ConvergedStates(base, shared, own) : null;
    }

    /** The names whose record here is not the shared one: changed, added or reaped. */
    Set<String> namesNotShared() {
        Set<String> names = new HashSet<>(own.keySet());
        names.addAll(reapedShared);
        return names;
    }

    /** The records this view holds of its own (changed or added); the rest are shared. */
    Iterable<MemberRecord> ownRecords() {
        return own.values();
    }

    void forEach(Consumer<MemberRecord> action) {
        if (order instanceof ConvergedView.Order shared) {
            // Still the shared order, so nothing was added or reaped: a record is ours if changed, else shared.
            shared.forEachRecord(own.isEmpty() ? action : r -> {
                MemberRecord changed = own.get(r.name());
                action.accept(changed != null ? changed : r);
            });
            return;
        }
        for (String name : order) {
            action.accept(get(name));
        }
    }

    /**
     * The next member to probe in round-robin order, skipping {@code skip}; when the order wraps, dead and
     * left members older than {@code reapBeforeNanos} are removed (never {@code localName}: a node that
     * left keeps its own record) and the order reshuffled. Null when nobody qualifies.
     */
    MemberRecord nextProbeTarget(Predicate<MemberRecord> skip, long reapBeforeNanos, String localName) {
        for (int checked = 0; checked <= order.size(); checked++) {
            if (probeIndex >= order.size()) {
                reap(reapBeforeNanos, localName);
                Collections.shuffle(mutableOrder(), new java.util.Random(random.nextLong()));
                probeIndex = 0;
                if (order.isEmpty()) {
                    return null;
                }
            }
            MemberRecord r = get(order.get(probeIndex++));
            if (!skip.test(r)) {
                return r;
            }
        }
        return null;
    }

    /** Up to {@code k} distinct random members that {@code exclude} does not reject (Go's kRandomNodes). */
    List<MemberRecord> randomMembers(int k, Predicate<MemberRecord> exclude) {
        int n = order.size();
        List<MemberRecord> picked = new ArrayList<>(k);
        // Up to 3n tries: exhaustive enough for small clusters, cheap for large ones where k << n.
        for (int i = 0; i < 3 * n && picked.size() < k; i++) {
            MemberRecord r = get(order.get(random.nextInt(n)));
            if (exclude.test(r) || picked.contains(r)) {
                continue;
            }
            picked.add(r);
        }
        return picked;
    }

    boolean anyOther(String self, Predicate<MemberRecord> test) {
        for (String name : order) {
            if (!name.equals(self) && test.test(get(name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The probe order as this view's own list. A view started from a {@link ConvergedView} shares that
     * view's order (permuted per node) until its first change: a 100,000-node simulation cannot afford a
     * copy of every name per node.
     */
    private List<String> mutableOrder() {
        if (!(order instanceof ArrayList<String>)) {
            order = new ArrayList<>(order);
        }
        return order;
    }

    private void reap(long reapBeforeNanos, String localName) {
        mutableOrder().removeIf(name -> {
            boolean gone = reapable(name, reapBeforeNanos, localName);
            if (gone) {
                version++;
                own.remove(name);
                if (shared.containsKey(name)) {
                    reapedShared.add(name);
                }
            }
            return gone;
        });
    }

    /** Members alive or suspect, the local node included (Go's {@code NumMembers}). */
    int live() {
        int c = 0;
        for (String name : order) {
            if (!get(name).state().isDeadOrLeft()) {
                c++;
            }
        }
        return c;
    }

    private boolean reapable(String name, long reapBeforeNanos, String localName) {
        MemberRecord r = get(name);
        return r.state().isDeadOrLeft() && r.stateChangeNanos() < reapBeforeNanos && !name.equals(localName);
    }

    /** Counts by state, for reports. */
    int count(NodeState state) {
        int c = 0;
        for (String name : order) {
            if (get(name).state() == state) {
                c++;
            }
        }
        return c;
    }
}
