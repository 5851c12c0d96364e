package io.memberlist.spring.autoconfigure;

import io.memberlist.Memberlist;
import io.memberlist.MemberlistException;
import io.memberlist.spring.event.MembershipEventBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.util.List;

/**
 * Joins the cluster when the context starts and leaves it when the context closes.
 *
 * <p>Start (phase 0, before the web server): with {@code memberlist.join.fail-fast} the seeds are joined
 * synchronously and startup fails if none answers; otherwise joining runs in the background, retried with
 * exponential backoff ({@link SeedJoin}), asking the {@link SeedProvider} again each time. A node with no
 * seeds at all says so at WARN: it is a cluster of one until someone joins it. Close: on
 * {@link ContextClosedEvent} (before any lifecycle bean stops, after the service registry announced
 * OUT_OF_SERVICE) the node leaves, so peers stop routing to it while the web server still drains; at
 * phase 0, after the web server stopped, the node shuts down.
 */
public class MemberlistLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, Ordered {
    private static final Logger log = LoggerFactory.getLogger(MemberlistLifecycle.class);
    /** Listener order on close: after the service registry's OUT_OF_SERVICE announcement. */
    public static final int LEAVE_ORDER = 0;
    /** How often a join that keeps failing is reported at WARN (the other attempts log at DEBUG). */
    static final Duration REPORT_EVERY = Duration.ofMinutes(5);

    private final Memberlist memberlist;
    private final MemberlistProperties properties;
    private final MembershipEventBridge bridge;
    private final SeedProvider seedProvider;
    private final ApplicationContext context;
    private final SeedJoin seedJoin;
    private volatile boolean running;
    private volatile boolean left;
    private volatile boolean joined;
    private volatile String lastJoinError;

    public MemberlistLifecycle(Memberlist memberlist, MemberlistProperties properties, MembershipEventBridge bridge,
                               SeedProvider seedProvider, TaskScheduler scheduler, ApplicationContext context) {
        this.memberlist = memberlist;
        this.properties = properties;
        this.bridge = bridge;
        this.seedProvider = seedProvider;
        this.context = context;
        this.seedJoin = new SeedJoin(memberlist, seedProvider, properties.getJoin().getRetry(), scheduler,
                REPORT_EVERY, new SeedJoin.Outcome() {
                    @Override
                    public void joined() {
                        MemberlistLifecycle.this.joined();
                    }

                    @Override
                    public void failed(String reason) {
                        lastJoinError = reason;
                    }
                });
    }

    @Override
    public void start() {
        running = true;
        bridge.open();
        List<String> initial = seedProvider.seeds();
        if (initial.isEmpty()) {
            log.warn("memberlist node {} has no seeds (memberlist.join.seeds is empty and {} returned none): it"
                    + " starts a new cluster of one and waits to be joined. To join an existing cluster, set"
                    + " memberlist.join.seeds to host:port of running members.", memberlist.localNode().name(),
                    seedProvider);
            joined();
            return;
        }
        if (properties.getJoin().isFailFast()) {
            seedJoin.joinNow();
        } else {
            seedJoin.joinInBackground();
        }
    }

    private void joined() {
        joined = true;
        lastJoinError = null;
        // A registration publishes this itself once the web port is known; without one (no web server,
        // auto-registration off), announce the node here so Spring Cloud's discovery health is not UNKNOWN.
        if (context.getBeanNamesForType(AutoServiceRegistration.class, false, false).length == 0) {
            context.publishEvent(new InstanceRegisteredEvent<>(this, memberlist.localNode()));
        }
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != context) {
            return; // a child context (e.g. a load-balancer client's) closed
        }
        seedJoin.cancel();
        leave();
    }

    /** Leaves the cluster gracefully, once; a node alone has nobody to tell. */
    public void leave() {
        if (left || !properties.isLeaveOnShutdown()) {
            left = true;
            return;
        }
        left = true;
        if (memberlist.numMembers() <= 1) {
            return;
        }
        long start = System.nanoTime();
        try {
            memberlist.leave(properties.getLeaveTimeout());
            log.info("memberlist node {} left the cluster in {} ms", memberlist.localNode().name(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (MemberlistException e) {
            log.warn("memberlist: leave not confirmed within {}: {}", properties.getLeaveTimeout(), e.getMessage());
        }
    }

    @Override
    public void stop() {
        seedJoin.cancel();
        leave();
        running = false;
        memberlist.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Phase 0: starts before and stops after the web server (whose phases are higher). */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public int getOrder() {
        return LEAVE_ORDER;
    }

    /** Whether the node joined its seeds (or had none). */
    public boolean isJoined() {
        return joined;
    }

    /** Why the last join attempt failed, or null. */
    public String getLastJoinError() {
        return lastJoinError;
    }
}
