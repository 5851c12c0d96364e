package io.memberlist.spring.event;

import io.memberlist.Node;
import org.springframework.context.ApplicationEvent;

/** A member of the cluster changed; published in order, off the network thread. */
public abstract class MemberlistMemberEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    private final transient Node node;
    private final long membershipVersion;

    protected MemberlistMemberEvent(Object source, Node node, long membershipVersion) {
        super(source);
        this.node = node;
        this.membershipVersion = membershipVersion;
    }

    /** The member as the engine reported it (state, address, meta, incarnation). */
    public Node getNode() {
        return node;
    }

    /** The membership version after this change. */
    public long getMembershipVersion() {
        return membershipVersion;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + node + ", version=" + membershipVersion + "]";
    }
}
