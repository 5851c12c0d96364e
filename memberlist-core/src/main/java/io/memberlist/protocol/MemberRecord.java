package io.memberlist.protocol;

import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.wire.Address;

/**
 * What the local node believes of one member (Go's {@code nodeState}). Immutable: a change makes a new
 * record, which lets the simulator share one converged view between thousands of machines until each
 * diverges. {@code meta} and {@code vsn} arrays are shared, never mutated.
 *
 * @param stateChangeNanos when the state last changed (suspicion staleness, gossip to the dead, reaping)
 */
public record MemberRecord(String name, Address address, byte[] meta, byte[] vsn, NodeState state,
                           long incarnation, long stateChangeNanos) {

    MemberRecord withState(NodeState newState, long newIncarnation, long nowNanos) {
        long changed = newState == state ? stateChangeNanos : nowNanos;
        return new MemberRecord(name, address, meta, vsn, newState, newIncarnation, changed);
    }

    MemberRecord withAlive(Address newAddress, byte[] newMeta, byte[] newVsn, long newIncarnation, long nowNanos) {
        long changed = state == NodeState.ALIVE ? stateChangeNanos : nowNanos;
        return new MemberRecord(name, newAddress, newMeta, newVsn, NodeState.ALIVE, newIncarnation, changed);
    }

    /** Highest protocol version the member understands (0 when unknown). */
    int protocolMax() {
        return vsn.length > 1 ? vsn[1] & 0xFF : 0;
    }

    /** The public snapshot of this record. */
    public Node toNode() {
        return new Node(name, address, meta, state, incarnation, vsn);
    }
}
