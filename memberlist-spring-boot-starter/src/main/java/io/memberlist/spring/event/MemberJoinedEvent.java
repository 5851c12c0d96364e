package io.memberlist.spring.event;

import io.memberlist.Node;

/** A member became alive: it is new, or came back after it left or was declared dead. */
public class MemberJoinedEvent extends MemberlistMemberEvent {
    private static final long serialVersionUID = 1L;

    public MemberJoinedEvent(Object source, Node node, long membershipVersion) {
        super(source, node, membershipVersion);
    }
}
