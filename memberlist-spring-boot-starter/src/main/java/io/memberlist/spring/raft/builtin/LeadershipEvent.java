package io.memberlist.spring.raft.builtin;

import org.springframework.context.ApplicationEvent;

/**
 * This node became or stopped being the raft group's leader (Spring Integration's {@code AbstractLeaderEvent}
 * and Spring Cloud Kubernetes leader election have the same two events, {@code OnGrantedEvent} and
 * {@code OnRevokedEvent}; with Spring Integration on the classpath they are published too).
 */
public abstract class LeadershipEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    private final long term;
    private final String leaderId;

    protected LeadershipEvent(Object source, long term, String leaderId) {
        super(source);
        this.term = term;
        this.leaderId = leaderId;
    }

    /** The raft term this node leads (granted) or led until now (revoked). */
    public long getTerm() {
        return term;
    }

    /** The leader's raft peer id after the change, or null when none is known yet. */
    public String getLeaderId() {
        return leaderId;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[term=" + term + ", leader=" + leaderId + "]";
    }
}
