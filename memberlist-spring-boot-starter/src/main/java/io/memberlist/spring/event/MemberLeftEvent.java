package io.memberlist.spring.event;

import io.memberlist.Node;
import io.memberlist.NodeState;

/** A member left gracefully ({@link NodeState#LEFT}) or was declared failed ({@link NodeState#DEAD}). */
public class MemberLeftEvent extends MemberlistMemberEvent {
    private static final long serialVersionUID = 1L;

    public MemberLeftEvent(Object source, Node node, long membershipVersion) {
        super(source, node, membershipVersion);
    }

    /** {@link NodeState#LEFT} when the member announced its departure, {@link NodeState#DEAD} when it failed. */
    public NodeState getReason() {
        return getNode().state();
    }
}
