package io.memberlist.spring.autoconfigure;

import io.memberlist.Memberlist;
import io.memberlist.MemberlistException;
import io.memberlist.NodeNameTakenException;
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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Joins the cluster when the context starts and leaves it when the context closes.
 *
 * <p>Start (phase 0, before the web server): with {@code memberlist.join.fail-fast} the seeds are joined
 * synchronously and startup fails if none answers; otherwise joining runs in the background and retries
 * every {@code memberlist.join.retry.interval}, asking the {@link SeedProvider} again each time. Close: on
 * {@link ContextClosedEvent} (before any lifecycle bean stops, after the service registry announced
 * OUT_OF_SERVICE) the node leaves, so peers stop routing to it while the web server still drains; at
 * phase 0, after the web server stopped, the node shuts down.
 */
public class MemberlistLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, Ordered {
    private static final Logger log = LoggerFactory.getLogger(MemberlistLifecycle.class);
    /** Listener order on close: after the service registry's OUT_OF_SERVICE announcement. */
    public static final int LEAVE_ORDER = 0;

    private final Memberlist memberlist;
    private final MemberlistProperties properties;
    private final MembershipEventBridge bridge;
    private final SeedProvider seedProvider;
    private final ApplicationContext context;
    private volatile boolean running;
    private volatile boolean left;
    private volatile boolean joined;
    private volatile String lastJoinError;

    public MemberlistLifecycle(Memberlist memberlist, MemberlistProperties properties, MembershipEventBridge bridge,
                               SeedProvider seedProvider, ApplicationContext context) {
        this.memberlist = memberlist;
        this.properties = properties;
        this.bridge = bridge;
        this.seedProvider = seedProvider;
        this.context = context;
    }

    @Override
    public void start() {
        running = true;
        bridge.open();
        List<String> initial = seedProvider.seeds();
        if (initial.isEmpty()) {
            joined();
            return;
        }
        if (properties.getJoin().isFailFast()) {
            joinNow(initial);
        } else {
            joinInBackground(initial, 1);
        }
    }

    private void joinNow(List<String> initial) {
        int attempts = Math.max(1, properties.getJoin().getRetry().getMaxAttempts());
        List<String> seeds = initial;
        for (int attempt = 1; ; attempt++) {
            try {
                memberlist.join(seeds);
                break;
            } catch (MemberlistException e) {
                lastJoinError = e.getMessage();
                if (e instanceof NodeNameTakenException) {
                    throw new MemberlistConfigurationException(e.getMessage(), "Give every instance its own"
                            + " memberlist.node-name, or leave it unset for a unique default.", e);
                }
                if (attempt >= attempts) {
                    throw new MemberlistConfigurationException("could not join the cluster through "
                            + seeds + " after " + attempts + " attempt(s): " + e.getMessage(),
                            "Check that memberlist.join.seeds lists running members as host:port (their"
                                    + " memberlist.bind-port), that the same memberlist.security settings are used,"
                                    + " or set memberlist.join.fail-fast=false to start alone and keep retrying.", e);
                }
                sleep(properties.getJoin().getRetry().getInterval());
                seeds = seedProvider.seeds();
            }
        }
        joined();
    }


    private void joinInBackground(List<String> seeds, int attempt) {
        if (!running || left) {
            return;
        }
        if (seeds.isEmpty()) {
            joined(); // the provider has nobody to join any more: this node starts the cluster
            return;
        }
        // Completes on the engine's event loop: continue elsewhere, never block or publish there.
        memberlist.joinAsync(seeds).whenCompleteAsync((count, error) -> {
            if (error == null) {
                log.info("memberlist node {} joined the cluster through {} seed(s)", memberlist.localNode().name(),
                        count);
                joined();
                return;
            }
            lastJoinError = error.getMessage();
            if (error instanceof NodeNameTakenException) {
                log.error("memberlist: not joining: {}. Give every instance its own memberlist.node-name.",
                        error.getMessage());
                return; // retrying cannot help while the other node holds the name
            }
            int max = properties.getJoin().getRetry().getMaxAttempts();
            if (max > 0 && attempt >= max) {
                log.error("memberlist: giving up joining {} after {} attempts: {}", seeds, attempt, error.getMessage());
                return;
            }
            Duration interval = properties.getJoin().getRetry().getInterval();
            log.warn("memberlist: could not join {} (attempt {}), retrying in {}: {}", seeds, attempt, interval,
                    error.getMessage());
            CompletableFuture.runAsync(() -> joinInBackground(seedProvider.seeds(), attempt + 1),
                    CompletableFuture.delayedExecutor(interval.toMillis(), TimeUnit.MILLISECONDS));
        });
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemberlistException("interrupted while joining", e);
        }
    }
}
