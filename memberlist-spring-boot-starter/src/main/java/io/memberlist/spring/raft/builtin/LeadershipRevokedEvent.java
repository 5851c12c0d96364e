package io.memberlist.spring.raft.builtin;

/**
 * This node is no longer the raft group's leader: another was elected ({@link #getLeaderId()}), an election
 * is running (null), or the group stopped. Published before a {@link LeadershipGrantedEvent} of a later term.
 */
public class LeadershipRevokedEvent extends LeadershipEvent {
    private static final long serialVersionUID = 1L;

    public LeadershipRevokedEvent(Object source, long term, String leaderId) {
        super(source, term, leaderId);
    }
}
