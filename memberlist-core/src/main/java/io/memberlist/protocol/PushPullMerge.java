package io.memberlist.protocol;

import io.memberlist.MembershipEvent;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.wire.Address;
import io.memberlist.wire.Alive;
import io.memberlist.wire.Dead;
import io.memberlist.wire.PushNodeState;
import io.memberlist.wire.PushPull;
import io.memberlist.wire.Suspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Push/pull anti-entropy (Go's {@code sendLocalState} and {@code mergeRemoteState}): the full local view
 * goes out, the peer's comes back and is merged claim by claim. A remote "dead" only makes the node a local
 * suspect (it must then be confirmed here); a remote "left" is taken as is.
 */
final class PushPullMerge {
    private final Settings settings;
    private final LocalNode self;
    private final Members members;
    private final StateChanges changes;
    private final Outbox outbox;
    private long changesOnlyMerges;

    PushPullMerge(Settings settings, LocalNode self, Members members, StateChanges changes, Outbox outbox) {
        this.settings = settings;
        this.self = self;
        this.members = members;
        this.changes = changes;
        this.outbox = outbox;
    }

    /** Every known member, the local node, suspects, dead and left included; user state is the driver's. */
    PushPull localState(boolean join) {
        ConvergedStates shared = members.convergedStates();
        if (shared != null) {
            return new PushPull(join, shared, null);
        }
        List<PushNodeState> nodes = new ArrayList<>(members.size());
        members.forEach(r -> nodes.add(new PushNodeState(r.name(), r.address().ip(), r.address().port(), r.meta(),
                r.incarnation(), r.state().code(), r.vsn())));
        return new PushPull(join, nodes, null);
    }

    /** Why a peer's state was not merged; {@code nameTaken} when it knows a live member by our name. */
    record Refusal(String reason, boolean nameTaken) {
    }

    /** Merges a peer's state; returns why it was refused, or null when it was merged. */
    Refusal merge(PushPull remote, boolean join, long nowNanos) {
        if (!join && remote.nodes() instanceof ConvergedStates shared && mergeChanges(shared, nowNanos)) {
            notifyUserState(remote, join);
            return null;
        }
        String incompatible = verifyProtocol(remote.nodes());
        if (incompatible != null) {
            return new Refusal(incompatible, false);
        }
        if (join) {
            String duplicate = nameTaken(remote.nodes());
            if (duplicate != null) {
                return new Refusal(duplicate, true);
            }
        }
        if (join && settings.mergeFilter() != null) {
            Optional<String> veto;
            try {
                veto = settings.mergeFilter().notifyMerge(toNodes(remote.nodes()));
            } catch (RuntimeException e) {
                // Nothing was merged yet: refusing keeps the view as it was, and the join learns why.
                changes.countDelegateFailure();
                return new Refusal("merge refused: the merge delegate threw " + e, false);
            }
            if (veto != null && veto.isPresent()) {
                return new Refusal("merge refused by the merge delegate: " + veto.get(), false);
            }
        }
        for (PushNodeState r : remote.nodes()) {
            mergeOne(r, nowNanos);
        }
        notifyUserState(remote, join);
        return null;
    }

    private void notifyUserState(PushPull remote, boolean join) {
        byte[] userState = remote.userState();
        if (userState != null && userState.length > 0) {
            outbox.add(new Effect.Notify(new MembershipEvent.RemoteState(userState, join)));
        }
    }

    /**
     * The merge of a peer's states when both views started from the same converged view: does what merging
     * every state would do, in O(changes) instead of O(members), or returns false (having done nothing)
     * when it cannot tell, and the full merge runs.
     *
     * <p>A state that is the shared record on both sides is an alive claim about an alive member at its
     * own incarnation, from its own address, with its own meta and versions: {@link StateChanges#alive}
     * ignores it (no re-gossip, no event, no random draw), so skipping it changes nothing, as long as no
     * alive delegate would have been asked about it and it is not about the local node. Every other state
     * (changed on either side, or about us) is merged as usual, in the peer's order, so the outcome,
     * effects and random draws are the same as the full merge's. The protocol check passes when every
     * record involved carries the same versions and those versions pass it.
     */
    private boolean mergeChanges(ConvergedStates remote, long nowNanos) {
        ConvergedView view = remote.view();
        if (view != members.base() || settings.aliveFilter() != null || !compatible(remote, view.uniformVersions())) {
            return false;
        }
        java.util.Set<String> names = members.namesNotShared();
        names.addAll(remote.changed().keySet());
        names.add(self.name);
        int[] places = new int[names.size()];
        int count = 0;
        for (String name : names) {
            int index = view.indexOf(name);
            if (index >= 0) {
                places[count++] = remote.placeOf(index);
            }
        }
        java.util.Arrays.sort(places, 0, count);
        for (int i = 0; i < count; i++) {
            mergeOne(remote.get(places[i]), nowNanos);
        }
        changesOnlyMerges++;
        return true;
    }

    /** How many merges took the changes-only path (for tests: the equivalence checks must exercise it). */
    long changesOnlyMerges() {
        return changesOnlyMerges;
    }

    /**
     * {@link #verifyProtocol} without walking the views: when every record of both views carries the same
     * versions, the ranges are those versions' own, and the views pass exactly when the versions pass them.
     */
    private boolean compatible(ConvergedStates remote, byte[] versions) {
        if (versions == null) {
            return false;
        }
        for (MemberRecord r : remote.changed().values()) {
            if (!java.util.Arrays.equals(r.vsn(), versions)) {
                return false;
            }
        }
        for (MemberRecord r : members.ownRecords()) {
            if (!java.util.Arrays.equals(r.vsn(), versions)) {
                return false;
            }
        }
        int[] range = {0, 255, 0, 255};
        widen(range, versions);
        return check("", versions, range) == null;
    }

    /**
     * Diverges from Go: a join whose peer knows a live member by our name at another address is refused
     * (Go merges and logs the conflict), so a duplicate node name fails the join instead of leaving two
     * nodes fighting over one identity.
     */
    private String nameTaken(java.util.List<PushNodeState> nodes) {
        for (PushNodeState r : nodes) {
            if (r.name().equals(self.name)
                    && (r.state() == PushNodeState.STATE_ALIVE || r.state() == PushNodeState.STATE_SUSPECT)
                    && (!self.address.sameIp(r.addr()) || self.address.port() != r.port())) {
                return "another node named '" + self.name + "' is already a member, at "
                        + describe(r) + "; node names must be unique in a cluster";
            }
        }
        return null;
    }

    private static String describe(PushNodeState r) {
        try {
            return Address.of(r.addr(), r.port()).toString();
        } catch (IllegalArgumentException e) {
            return "an unreadable address";
        }
    }

    private void mergeOne(PushNodeState r, long nowNanos) {
        switch (r.state()) {
            case PushNodeState.STATE_ALIVE -> changes.alive(
                    new Alive(r.incarnation(), r.name(), r.addr(), r.port(), r.meta(), r.vsn()), false, 0, nowNanos);
            case PushNodeState.STATE_LEFT -> changes.dead(new Dead(r.incarnation(), r.name(), r.name()), 0, nowNanos);
            // A remote belief of death is only a suspicion here: we have not seen the node fail ourselves.
            case PushNodeState.STATE_DEAD, PushNodeState.STATE_SUSPECT ->
                    changes.suspect(new Suspect(r.incarnation(), r.name(), self.name), nowNanos);
            default -> {
                // Unknown state codes from a newer peer are skipped, as Go does.
            }
        }
    }

    /**
     * Go's {@code verifyProtocol}: over all alive nodes of both views, find the protocol and delegate version
     * ranges everyone understands, and refuse the merge if any node speaks a version outside them.
     */
    private String verifyProtocol(List<PushNodeState> remote) {
        int[] range = {0, 255, 0, 255}; // max pmin, min pmax, max dmin, min dmax
        for (PushNodeState r : remote) {
            if (r.state() == PushNodeState.STATE_ALIVE && r.vsn() != null && r.vsn().length >= 6) {
                widen(range, r.vsn());
            }
        }
        members.forEach(m -> {
            if (m.state() == NodeState.ALIVE) {
                widen(range, m.vsn());
            }
        });
        for (PushNodeState r : remote) {
            byte[] v = r.vsn() != null && r.vsn().length >= 6 ? r.vsn() : new byte[6];
            String problem = check(r.name(), v, range);
            if (problem != null) {
                return problem;
            }
        }
        String[] problem = {null};
        members.forEach(m -> {
            if (problem[0] == null) {
                problem[0] = check(m.name(), m.vsn(), range);
            }
        });
        return problem[0];
    }

    private static void widen(int[] range, byte[] vsn) {
        // A record may hold fewer than 6 bytes (an alive is accepted with any length, as in Go): missing
        // entries count as 0, as Go's unset PMin..DCur fields do, instead of indexing past the end.
        byte[] v = vsn.length >= 6 ? vsn : java.util.Arrays.copyOf(vsn, 6);
        range[0] = Math.max(range[0], v[0] & 0xFF);
        range[1] = Math.min(range[1], v[1] & 0xFF);
        range[2] = Math.max(range[2], v[3] & 0xFF);
        range[3] = Math.min(range[3], v[4] & 0xFF);
    }

    private static String check(String name, byte[] v, int[] range) {
        int pcur = v.length > 2 ? v[2] & 0xFF : 0;
        int dcur = v.length > 5 ? v[5] & 0xFF : 0;
        if (pcur < range[0] || pcur > range[1]) {
            return "node '" + name + "' speaks protocol " + pcur + ", outside the cluster's " + range[0] + ".." + range[1];
        }
        if (dcur < range[2] || dcur > range[3]) {
            return "node '" + name + "' speaks delegate protocol " + dcur + ", outside the cluster's "
                    + range[2] + ".." + range[3];
        }
        return null;
    }

    private static List<Node> toNodes(List<PushNodeState> states) {
        List<Node> nodes = new ArrayList<>(states.size());
        for (PushNodeState s : states) {
            if (s.addr() != null && (s.addr().length == 4 || s.addr().length == 16) && s.state() >= 0 && s.state() <= 3) {
                nodes.add(new Node(s.name(), Address.of(s.addr(), s.port()), s.meta(), NodeState.fromCode(s.state()),
                        s.incarnation(), s.vsn()));
            }
        }
        return nodes;
    }
}
