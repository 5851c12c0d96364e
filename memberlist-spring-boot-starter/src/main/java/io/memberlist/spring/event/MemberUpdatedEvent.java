package io.memberlist.spring.event;

import io.memberlist.Node;

/** A live member changed its meta (service status, port, metadata). */
public class MemberUpdatedEvent extends MemberlistMemberEvent {
    private static final long serialVersionUID = 1L;

    public MemberUpdatedEvent(Object source, Node node, long membershipVersion) {
        super(source, node, membershipVersion);
    }
}
