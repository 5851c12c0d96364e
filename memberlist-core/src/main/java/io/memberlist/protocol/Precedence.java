package io.memberlist.protocol;

import io.memberlist.NodeState;

/**
 * The one place that decides what an incoming claim about a node does to the current record
 * (memberlist-protocol.md §6.4; Go's {@code aliveNode}, {@code suspectNode}, {@code deadNode}). Pure and
 * table-tested: every branch of the state × incarnation rules is a row in {@code PrecedenceTest}.
 */
public final class Precedence {

    /** A claim about a node, as carried by alive, suspect and dead messages. */
    public enum Claim {
        ALIVE, SUSPECT, DEAD,
        /** A dead message whose sender is the node itself: a graceful leave. */
        LEFT
    }

    /** What to do with the claim. */
    public enum Verdict {
        /** Take it: update the record and re-gossip the claim. */
        APPLY,
        /** Drop it: stale, redundant or not applicable. */
        IGNORE,
        /** It accuses the local node (or misstates it): answer with a higher-incarnation alive. */
        REFUTE,
        /** A suspicion is already running for the node: count the sender as a confirmation. */
        CONFIRM,
        /** An alive for a known name from another address that may not take it over. */
        CONFLICT
    }

    /**
     * What is known besides the two incarnations.
     *
     * @param aboutSelf           the claim names the local node
     * @param bootstrap           the local node announcing itself (start, meta update): never refuted
     * @param leaving             the local node has left (its own alive claims are ignored from then on)
     * @param addressChanged      an alive claim carries another address or port than the record
     * @param reclaimable         the record is dead for longer than {@code deadNodeReclaimTime}
     * @param sameMetaAndVersions an alive claim about the local node repeats its current meta and versions
     * @param suspicionRunning    a suspicion timer runs for the node
     */
    public record Facts(boolean aboutSelf, boolean bootstrap, boolean leaving, boolean addressChanged,
                        boolean reclaimable, boolean sameMetaAndVersions, boolean suspicionRunning) {
        public static final Facts NONE = new Facts(false, false, false, false, false, false, false);
    }

    private Precedence() {
    }

    /**
     * Decides a claim at {@code incoming} incarnation against the current record ({@code current} null when
     * the node is unknown, else its state at {@code currentIncarnation}).
     */
    public static Verdict decide(Claim claim, long incoming, NodeState current, long currentIncarnation, Facts f) {
        return switch (claim) {
            case ALIVE -> alive(incoming, current, currentIncarnation, f);
            case SUSPECT -> suspect(incoming, current, currentIncarnation, f);
            case DEAD, LEFT -> dead(incoming, current, currentIncarnation, f);
        };
    }

    private static Verdict alive(long incoming, NodeState current, long currentInc, Facts f) {
        if (f.aboutSelf() && f.leaving()) {
            return Verdict.IGNORE; // an alive queued before our leave must not re-join us
        }
        if (current == null) {
            if (f.aboutSelf() && !f.bootstrap()) {
                return Verdict.REFUTE; // only we announce ourselves; Go refutes once it made the entry
            }
            // Go first creates the entry as dead at incarnation 0, so an alive at 0 for a new node is stale.
            return incoming > 0 ? Verdict.APPLY : Verdict.IGNORE;
        }
        boolean takesOverAddress = false;
        if (f.addressChanged()) {
            if (current == NodeState.LEFT || (current == NodeState.DEAD && f.reclaimable())) {
                takesOverAddress = true;
            } else {
                return Verdict.CONFLICT;
            }
        }
        if (!f.aboutSelf() && incoming <= currentInc && !takesOverAddress) {
            return Verdict.IGNORE;
        }
        if (f.aboutSelf() && incoming < currentInc) {
            return Verdict.IGNORE;
        }
        if (f.aboutSelf() && !f.bootstrap()) {
            // Same incarnation with the same content is just our own alive echoing back.
            return incoming == currentInc && f.sameMetaAndVersions() ? Verdict.IGNORE : Verdict.REFUTE;
        }
        return Verdict.APPLY;
    }

    private static Verdict suspect(long incoming, NodeState current, long currentInc, Facts f) {
        if (current == null || incoming < currentInc) {
            return Verdict.IGNORE;
        }
        if (f.suspicionRunning()) {
            return Verdict.CONFIRM;
        }
        if (current != NodeState.ALIVE) {
            return Verdict.IGNORE;
        }
        return f.aboutSelf() ? Verdict.REFUTE : Verdict.APPLY;
    }

    private static Verdict dead(long incoming, NodeState current, long currentInc, Facts f) {
        if (current == null || incoming < currentInc) {
            return Verdict.IGNORE; // an equal incarnation is enough to kill
        }
        if (current.isDeadOrLeft()) {
            return Verdict.IGNORE;
        }
        if (f.aboutSelf() && !f.leaving()) {
            return Verdict.REFUTE;
        }
        return Verdict.APPLY;
    }
}
