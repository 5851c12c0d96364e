package io.memberlist.spring.raft.group;

import io.memberlist.spring.autoconfigure.MemberlistLifecycle;
import io.memberlist.spring.serviceregistry.MemberlistRegistration;
import io.memberlist.spring.serviceregistry.MemberlistServiceRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Runs the {@link RaftGroupNode} with the application. Start (phase 1, after memberlist started joining): the
 * raft server starts, then the node advertises its raft address at once, so a non-web application (which is
 * never auto-registered) is seen as a raft member too. Close: on {@link ContextClosedEvent}, before memberlist
 * leaves, a voter hands its seat over; at stop (before memberlist shuts down) the raft server stops.
 */
class RaftGroupLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, Ordered {
    /** Before memberlist leaves: the handover needs gossip to still find the successor. */
    static final int HANDOVER_ORDER = MemberlistLifecycle.LEAVE_ORDER - 1;

    private final RaftGroupNode node;
    private final MemberlistServiceRegistry registry;
    private final MemberlistRegistration registration;
    private final ApplicationContext context;
    private volatile boolean running;

    RaftGroupLifecycle(RaftGroupNode node, MemberlistServiceRegistry registry, MemberlistRegistration registration,
                       ApplicationContext context) {
        this.node = node;
        this.registry = registry;
        this.registration = registration;
        this.context = context;
    }

    @Override
    public void start() {
        try {
            node.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the raft server could not start", e);
        }
        running = true;
        registry.advertise(registration);
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() == context && running) {
            node.handOver();
        }
    }

    @Override
    public void stop() {
        running = false;
        try {
            node.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the raft server did not stop cleanly", e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after memberlist (phase 0) and stops before it. */
    @Override
    public int getPhase() {
        return 1;
    }

    @Override
    public int getOrder() {
        return HANDOVER_ORDER;
    }
}
