package io.memberlist.protocol;

import io.memberlist.MembershipEvent;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.protocol.Precedence.Claim;
import io.memberlist.protocol.Precedence.Facts;
import io.memberlist.protocol.Precedence.Verdict;
import io.memberlist.wire.Address;
import io.memberlist.wire.Alive;
import io.memberlist.wire.Dead;
import io.memberlist.wire.Suspect;

import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Applies alive, suspect and dead claims to the local view (Go's {@code aliveNode}, {@code suspectNode},
 * {@code deadNode}, {@code refute}): asks {@link Precedence} what a claim does, then updates the record,
 * re-gossips the claim, runs suspicion timers and tells the application.
 */
final class StateChanges {
    private final Settings settings;
    private final LocalNode self;
    private final Members members;
    private final Dissemination dissemination;
    private final Deadlines deadlines;
    private final Awareness awareness;
    private final Outbox outbox;
    private static final byte[] EMPTY = new byte[0];
    private final Map<String, Running> suspicions = new HashMap<>();
    private long delegateFailures;

    /** A suspicion and the timer armed at its current deadline. */
    private record Running(Suspicion suspicion, Deadlines.Timer timer) {
    }

    StateChanges(Settings settings, LocalNode self, Members members, Dissemination dissemination,
                 Deadlines deadlines, Awareness awareness, Outbox outbox) {
        this.settings = settings;
        this.self = self;
        this.members = members;
        this.dissemination = dissemination;
        this.deadlines = deadlines;
        this.awareness = awareness;
        this.outbox = outbox;
    }

    /**
     * An alive claim. {@code bootstrap} marks the local node announcing itself (start, meta update), which is
     * applied rather than refuted; {@code token} tags the resulting broadcast.
     */
    void alive(Alive a, boolean bootstrap, long token, long nowNanos) {
        boolean aboutSelf = a.node().equals(self.name);
        if (!validAddress(a.addr()) || !validVersions(a.vsn())) {
            return;
        }
        // Diverges from Go: the alive delegate is not asked about the local node's own alive messages; a
        // filter that rejected them would stop this node from refuting accusations against itself.
        if (settings.aliveFilter() != null && !aboutSelf) {
            if (a.vsn() == null || a.vsn().length < 6 || rejectedByFilter(a)) {
                return;
            }
        }
        MemberRecord current = members.get(a.node());
        boolean addressChanged = current != null
                && (!current.address().sameIp(a.addr()) || current.address().port() != a.port());
        if ((current == null || addressChanged) && !settings.cidrs().allows(a.addr())) {
            return;
        }
        boolean reclaimable = current != null && settings.deadNodeReclaimNanos() > 0
                && nowNanos - current.stateChangeNanos() > settings.deadNodeReclaimNanos();
        boolean sameContent = current != null && sameBytes(a.meta(), current.meta())
                && sameBytes(a.vsn(), current.vsn());
        Facts facts = new Facts(aboutSelf, bootstrap, self.leaving(), addressChanged, reclaimable, sameContent, false);
        Verdict verdict = Precedence.decide(Claim.ALIVE, a.incarnation(), state(current), incarnation(current), facts);
        switch (verdict) {
            case IGNORE, CONFIRM -> {
            }
            case CONFLICT -> outbox.add(new Effect.Notify(new MembershipEvent.Conflict(current.toNode(),
                    new Node(a.node(), Address.of(a.addr(), a.port()), a.meta(), NodeState.ALIVE,
                            a.incarnation(), a.vsn()))));
            case REFUTE -> {
                forgetSuspicion(a.node());
                refute(current, a.incarnation(), nowNanos);
            }
            case APPLY -> applyAlive(a, current, addressChanged, token, nowNanos);
        }
    }

    private void applyAlive(Alive a, MemberRecord current, boolean addressChanged, long token, long nowNanos) {
        forgetSuspicion(a.node());
        dissemination.broadcast(a, a.node(), token);
        Address address = current != null && !addressChanged ? current.address() : Address.of(a.addr(), a.port());
        byte[] vsn = a.vsn() != null && a.vsn().length > 0 ? a.vsn() : current != null ? current.vsn() : new byte[6];
        MemberRecord updated = current == null
                ? new MemberRecord(a.node(), address, a.meta(), vsn, NodeState.ALIVE, a.incarnation(), nowNanos)
                : current.withAlive(address, a.meta(), vsn, a.incarnation(), nowNanos);
        members.put(updated);
        if (current == null || current.state().isDeadOrLeft()) {
            notify(new MembershipEvent.Joined(updated.toNode()));
        } else if (!sameBytes(current.meta(), updated.meta())) {
            notify(new MembershipEvent.Updated(updated.toNode()));
        }
    }

    /** A suspect claim: start suspecting, count a confirmation, or refute it when it is about us. */
    void suspect(Suspect s, long nowNanos) {
        MemberRecord current = members.get(s.node());
        Running running = suspicions.get(s.node());
        Facts facts = new Facts(s.node().equals(self.name), false, self.leaving(), false, false, false,
                running != null);
        Verdict verdict = Precedence.decide(Claim.SUSPECT, s.incarnation(), state(current), incarnation(current), facts);
        switch (verdict) {
            case CONFIRM -> {
                if (running.suspicion().confirm(s.from(), nowNanos)) {
                    dissemination.broadcast(s, s.node(), 0);
                    rearm(s.node(), running.suspicion());
                }
            }
            case REFUTE -> {
                refute(current, s.incarnation(), nowNanos);
                tellAccuser(s.from());
            }
            case APPLY -> startSuspicion(s, current, nowNanos);
            case IGNORE -> {
                if (facts.aboutSelf() && current != null && s.incarnation() < current.incarnation()
                        && !self.leaving()) {
                    tellAccuser(s.from()); // it still suspects an incarnation we refuted long ago
                }
            }
            case CONFLICT -> {
            }
        }
    }

    /**
     * Sends our current alive straight to the member that suspects us, besides gossiping it.
     *
     * <p>Diverges from Go: Go's {@code suspectNode} only gossips the refutation, and ignores a suspicion about
     * itself at an incarnation it already refuted. Gossip reaches every member with high probability, but the
     * accuser is the one member that must hear it (its suspicion timer will declare us dead), and with few
     * members and heavy loss the few retransmissions can all miss it; its buddy-system pings then keep
     * carrying the stale suspicion, which Go drops. Answering each such suspicion with one packet to the
     * accuser costs at most one packet per suspicion received and closes that gap.
     */
    private void tellAccuser(String accuser) {
        MemberRecord record = accuser == null || accuser.equals(self.name) ? null : members.get(accuser);
        if (record == null || record.state().isDeadOrLeft()) {
            return;
        }
        MemberRecord me = members.get(self.name);
        if (me != null) {
            dissemination.sendOnly(record.address(), List.of(self.aliveAt(me.incarnation())), false);
        }
    }

    private void startSuspicion(Suspect s, MemberRecord current, long nowNanos) {
        dissemination.broadcast(s, s.node(), 0);
        MemberRecord updated = current.withState(NodeState.SUSPECT, s.incarnation(), nowNanos);
        members.put(updated);
        notify(new MembershipEvent.Suspected(updated.toNode()));
        Timing.SuspicionTimeouts t = Timing.suspicionTimeouts(settings.suspicionMult(),
                settings.suspicionMaxTimeoutMult(), settings.dynamicSuspicion(), members.live(),
                settings.probeIntervalNanos());
        Suspicion suspicion = new Suspicion(s.from(), t.confirmationsExpected(), t.minNanos(),
                t.maxNanos(), nowNanos, updated.stateChangeNanos());
        rearm(s.node(), suspicion);
    }

    /** The suspicion timer of {@code name} fired: declare it dead unless it refuted in the meantime. */
    void suspicionExpired(String name, long nowNanos) {
        Running running = suspicions.remove(name);
        if (running == null) {
            return;
        }
        MemberRecord current = members.get(name);
        if (current != null && current.state() == NodeState.SUSPECT
                && current.stateChangeNanos() == running.suspicion().stateChangeNanos()) {
            dead(new Dead(current.incarnation(), name, self.name), 0, nowNanos);
        }
    }

    /** A dead claim (or a leave, when the node sends it about itself). */
    void dead(Dead d, long token, long nowNanos) {
        MemberRecord current = members.get(d.node());
        if (current != null && d.incarnation() >= current.incarnation()) {
            forgetSuspicion(d.node());
        }
        Facts facts = new Facts(d.node().equals(self.name), false, self.leaving(), false, false, false, false);
        Claim claim = d.isLeave() ? Claim.LEFT : Claim.DEAD;
        Verdict verdict = Precedence.decide(claim, d.incarnation(), state(current), incarnation(current), facts);
        switch (verdict) {
            case REFUTE -> refute(current, d.incarnation(), nowNanos);
            case APPLY -> {
                dissemination.broadcast(d, d.node(), token);
                NodeState newState = d.isLeave() ? NodeState.LEFT : NodeState.DEAD;
                MemberRecord updated = current.withState(newState, d.incarnation(), nowNanos);
                members.put(updated);
                        notify(new MembershipEvent.Left(updated.toNode()));
            }
            case IGNORE, CONFIRM, CONFLICT -> {
            }
        }
    }

    /**
     * Answers an accusation (or a stale claim) about the local node with an alive at a higher incarnation
     * than the accused one. Lifeguard: having to refute is a sign of our own trouble, so awareness grows.
     */
    private void refute(MemberRecord me, long accusedIncarnation, long nowNanos) {
        long inc = self.nextIncarnation();
        if (accusedIncarnation >= inc) {
            inc = self.skipIncarnation(accusedIncarnation - inc + 1);
        }
        awareness.applyDelta(1);
        Alive claim = self.aliveAt(inc);
        dissemination.broadcast(claim, self.name, 0);
        MemberRecord record = me != null ? me
                : new MemberRecord(self.name, self.address, self.meta(), self.versions, NodeState.ALIVE, inc, nowNanos);
        members.put(record.withAlive(record.address(), self.meta(), self.versions, inc, nowNanos));
    }

    private void rearm(String name, Suspicion suspicion) {
        Running old = suspicions.get(name);
        if (old != null) {
            old.timer().cancel();
        }
        Deadlines.Timer timer = deadlines.arm(suspicion.deadlineNanos(), Deadlines.Kind.SUSPICION, name);
        suspicions.put(name, new Running(suspicion, timer));
    }

    private void forgetSuspicion(String name) {
        Running old = suspicions.remove(name);
        if (old != null) {
            old.timer().cancel();
        }
    }

    /** Whether a suspicion timer runs for {@code name} (for tests and reports). */
    boolean suspecting(String name) {
        return suspicions.containsKey(name);
    }

    /** Members removed from the view must not keep timers. */
    void forget(String name) {
        forgetSuspicion(name);
    }

    /**
     * Asks the alive delegate. One that throws rejects the claim (counted in {@link #delegateFailures()}):
     * the filter runs before anything changes, so a failing filter can drop a member, never half-apply one.
     */
    private boolean rejectedByFilter(Alive a) {
        Node peer = new Node(a.node(), Address.of(a.addr(), a.port()), a.meta(), NodeState.ALIVE, a.incarnation(), a.vsn());
        try {
            Optional<String> reason = settings.aliveFilter().notifyAlive(peer);
            return reason != null && reason.isPresent();
        } catch (RuntimeException e) {
            delegateFailures++;
            return true;
        }
    }

    /** Alive or merge delegate calls that threw; each one rejected what it was asked about. */
    long delegateFailures() {
        return delegateFailures;
    }

    void countDelegateFailure() {
        delegateFailures++;
    }

    private void notify(MembershipEvent event) {
        outbox.add(new Effect.Notify(event));
    }

    /** Go's {@code bytes.Equal}: a nil slice equals an empty one (Go peers send nil meta as msgpack nil). */
    private static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a == null ? EMPTY : a, b == null ? EMPTY : b);
    }

    private static boolean validAddress(byte[] ip) {
        return ip != null && (ip.length == 4 || ip.length == 16);
    }

    /** A version vector with pmin 0, pmax 0 or pmin > pmax is a peer we cannot understand. */
    private static boolean validVersions(byte[] vsn) {
        if (vsn == null || vsn.length < 3) {
            return true;
        }
        int pmin = vsn[0] & 0xFF;
        int pmax = vsn[1] & 0xFF;
        return pmin != 0 && pmax != 0 && pmin <= pmax;
    }

    private static NodeState state(MemberRecord r) {
        return r == null ? null : r.state();
    }

    private static long incarnation(MemberRecord r) {
        return r == null ? 0 : r.incarnation();
    }
}
