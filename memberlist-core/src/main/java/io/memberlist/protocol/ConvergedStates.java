package io.memberlist.protocol;

import io.memberlist.wire.PushNodeState;
import io.memberlist.wire.PushPull;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The member states of a push/pull sent by a machine whose view is still a {@link ConvergedView} in its
 * first probe order plus a few changed records: read-only, built without a copy of the shared part. A
 * simulated 100,000-node cluster exchanges 100,000 states per push/pull; materialising, fingerprinting and
 * merging every one of them made push/pull quadratic in the cluster size.
 *
 * <p>Reads like the list {@link PushPullMerge#localState} would build, state by state in the sender's
 * probe order, so the wire codec and a merge that walks it see exactly the same states. Knowing the shape
 * lets a receiver started from the same view merge only the changed records ({@link PushPullMerge}), and
 * the simulator fingerprint it from the changes. Only simulations start machines from a converged view.
 */
public final class ConvergedStates extends AbstractList<PushNodeState> implements PushPull.SharedStates, RandomAccess {
    private final ConvergedView view;
    private final ConvergedView.Order order;
    /** The sender's records that differ from the view, by name; an immutable snapshot. */
    private final Map<String, MemberRecord> changed;

    ConvergedStates(ConvergedView view, ConvergedView.Order order, Map<String, MemberRecord> changed) {
        this.view = view;
        this.order = order;
        this.changed = Map.copyOf(changed);
    }

    /** The view these states start from. */
    public ConvergedView view() {
        return view;
    }

    /** The same states with no record changed: the view itself, in the same order. */
    public ConvergedStates base() {
        return new ConvergedStates(view, order, Map.of());
    }

    /** A state of the view and the state that replaces it here. */
    public record Change(PushNodeState shared, PushNodeState changed) {
    }

    /** The states that differ from the view, each with the view's state it replaces (in no useful order). */
    public List<Change> changes() {
        List<Change> changes = new ArrayList<>(changed.size());
        changed.forEach((name, r) -> changes.add(new Change(stateOf(view.get(name)), stateOf(r))));
        return changes;
    }

    Map<String, MemberRecord> changed() {
        return changed;
    }

    /** The place in these states of the view's member at {@code index}. */
    int placeOf(int index) {
        return order.placeOf(index);
    }

    @Override
    public PushNodeState get(int i) {
        MemberRecord shared = order.recordAt(i);
        MemberRecord r = changed.isEmpty() ? shared : changed.getOrDefault(shared.name(), shared);
        return stateOf(r);
    }

    @Override
    public int size() {
        return order.size();
    }

    /** A record as a push/pull carries it (Go's {@code pushNodeState}). */
    static PushNodeState stateOf(MemberRecord r) {
        return new PushNodeState(r.name(), r.address().ip(), r.address().port(), r.meta(), r.incarnation(),
                r.state().code(), r.vsn());
    }
}
