package io.memberlist.spring.raft.builtin.integration;

import io.memberlist.spring.raft.builtin.Leadership;
import io.memberlist.spring.raft.builtin.LeadershipEvent;
import io.memberlist.spring.raft.builtin.LeadershipGrantedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;

/**
 * Republishes raft leadership as Spring Integration's {@link OnGrantedEvent} / {@link OnRevokedEvent}, for a
 * {@code role}, so Spring Integration's {@code SmartLifecycleRoleController} (and code written for Spring Cloud
 * Kubernetes leader election) works on the raft leader unchanged.
 */
public final class LeaderEventBridge implements ApplicationListener<LeadershipEvent> {
    private static final Logger log = LoggerFactory.getLogger(LeaderEventBridge.class);

    private final ApplicationEventPublisher publisher;
    private final Context context;

    public LeaderEventBridge(ApplicationEventPublisher publisher, Leadership leadership, String role) {
        this.publisher = publisher;
        this.context = new RaftContext(leadership, role);
    }

    @Override
    public void onApplicationEvent(LeadershipEvent event) {
        if (event instanceof LeadershipGrantedEvent) {
            publisher.publishEvent(new OnGrantedEvent(this, context, context.getRole()));
        } else {
            publisher.publishEvent(new OnRevokedEvent(this, context, context.getRole()));
        }
    }

    /** The leadership {@link Context} of Spring Integration's events. */
    private record RaftContext(Leadership leadership, String role) implements Context {
        @Override
        public boolean isLeader() {
            return leadership.isLeader();
        }

        @Override
        public String getRole() {
            return role;
        }

        /** Raft elects its leader; this node cannot step down on request (said, not ignored silently). */
        @Override
        public void yield() {
            log.warn("yield() of role '{}' does nothing: the raft group keeps its leader until it fails or leaves",
                    role);
        }
    }
}
