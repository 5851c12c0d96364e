package io.memberlist.spring.raft.builtin;

/** This node is now the raft group's leader, for {@link #getTerm() term}. */
public class LeadershipGrantedEvent extends LeadershipEvent {
    private static final long serialVersionUID = 1L;

    public LeadershipGrantedEvent(Object source, long term, String leaderId) {
        super(source, term, leaderId);
    }
}
