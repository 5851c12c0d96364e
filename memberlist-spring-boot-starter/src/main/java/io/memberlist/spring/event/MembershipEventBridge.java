package io.memberlist.spring.event;

import io.memberlist.Node;
import io.memberlist.delegate.ConflictDelegate;
import io.memberlist.delegate.EventDelegate;
import io.memberlist.runtime.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's {@link EventDelegate}: turns join, leave and update notifications into
 * {@link MemberlistMemberEvent}s and a coalesced {@link HeartbeatEvent}, and remembers departed members.
 *
 * <p>Threading: the engine calls in on its callback thread, in order; every event is published on the
 * one thread of the {@code memberlistEventScheduler} bean (Spring's {@link ThreadPoolTaskScheduler}, threads
 * {@code memberlist-events-N}), in the same order, so a slow listener never stalls the engine. A
 * {@code HeartbeatEvent} carries the membership version and is published at most once per
 * {@code minHeartbeatInterval}, after the last change of a burst, and never without a change (so Spring
 * Cloud Gateway rebuilds routes only when membership changed).
 */
public class MembershipEventBridge implements EventDelegate, ConflictDelegate, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MembershipEventBridge.class);
    /** Conflicts arrive from the network and can be forged by the thousand: one line per 10 s. */
    private static final LogThrottle conflictLog = new LogThrottle(log, Duration.ofSeconds(10));

    private final ApplicationEventPublisher publisher;
    private final Duration minHeartbeatInterval;
    private final Duration departedRetention;
    private final ThreadPoolTaskScheduler executor;
    private final boolean ownsExecutor;
    private final AtomicLong version = new AtomicLong();
    private final Map<String, Departed> departed = new ConcurrentHashMap<>();
    private final AtomicReference<Node> nameConflict = new AtomicReference<>();
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
    private volatile String localName;
    private boolean heartbeatPending; // confined to the executor thread
    private long lastHeartbeatNanos = Long.MIN_VALUE / 2;
    private long lastHeartbeatVersion;

    /** A member that left or died, and when this node heard of it. */
    public record Departed(Node node, long atNanos) {
    }

    /** With a one-thread scheduler of its own, shut down by {@link #close()} (for use outside a context). */
    public MembershipEventBridge(ApplicationEventPublisher publisher, Duration minHeartbeatInterval,
                                 Duration departedRetention) {
        this(publisher, minHeartbeatInterval, departedRetention, ownScheduler(), true);
    }

    /**
     * @param scheduler must have exactly one thread (events keep their order); its owner shuts it down
     */
    public MembershipEventBridge(ApplicationEventPublisher publisher, Duration minHeartbeatInterval,
                                 Duration departedRetention, ThreadPoolTaskScheduler scheduler) {
        this(publisher, minHeartbeatInterval, departedRetention, scheduler, false);
    }

    private MembershipEventBridge(ApplicationEventPublisher publisher, Duration minHeartbeatInterval,
                                  Duration departedRetention, ThreadPoolTaskScheduler scheduler, boolean owns) {
        this.publisher = publisher;
        this.minHeartbeatInterval = minHeartbeatInterval;
        this.departedRetention = departedRetention;
        this.executor = scheduler;
        this.ownsExecutor = owns;
    }

    private static ThreadPoolTaskScheduler ownScheduler() {
        ThreadPoolTaskScheduler s = io.memberlist.spring.autoconfigure.MemberlistSchedulers.eventScheduler();
        s.initialize();
        return s;
    }

    /**
     * Starts publishing. Until then events wait in order (the node reports itself joined while the
     * application context is still creating beans, when listeners are not all there yet).
     */
    public void open() {
        open.countDown();
    }

    /** Tells the bridge which name is this node's, to recognise a conflict over it. */
    public void setLocalName(String localName) {
        this.localName = localName;
    }

    @Override
    public void notifyJoin(Node node) {
        departed.remove(node.name());
        changed(new MemberJoinedEvent(this, node, version.incrementAndGet()));
    }

    @Override
    public void notifyLeave(Node node) {
        departed.put(node.name(), new Departed(node, System.nanoTime()));
        changed(new MemberLeftEvent(this, node, version.incrementAndGet()));
    }

    @Override
    public void notifyUpdate(Node node) {
        changed(new MemberUpdatedEvent(this, node, version.incrementAndGet()));
    }

    @Override
    public void notifyConflict(Node existing, Node other) {
        conflictLog.error("conflict", "memberlist: node {} at {} claims the name of {}; node names must be unique"
                + " in the cluster (set memberlist.node-name, or leave it unset for a unique default)", other.name(),
                other.address(), existing);
        if (existing.name().equals(localName)) {
            nameConflict.set(other);
        }
    }

    /** Another node claiming this node's name, if one was seen. */
    public Optional<Node> nameConflict() {
        return Optional.ofNullable(nameConflict.get());
    }


    /** The membership version: grows by one on every join, leave and update this node learns of. */
    public long membershipVersion() {
        return version.get();
    }

    /** Members that left or died within the retention period, by name. */
    public List<Departed> departed() {
        long horizon = System.nanoTime() - departedRetention.toNanos();
        departed.values().removeIf(d -> d.atNanos() - horizon < 0);
        return new ArrayList<>(departed.values());
    }

    /** Runs {@code listener} on the event thread after each change was published. */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    public void removeChangeListener(Runnable listener) {
        changeListeners.remove(listener);
    }

    private void changed(ApplicationEvent event) {
        try {
            executor.execute(() -> {
                try {
                    open.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                publish(event);
                changeListeners.forEach(MembershipEventBridge::runQuietly);
                scheduleHeartbeat();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("memberlist event after close dropped: {}", event);
        }
    }

    private void scheduleHeartbeat() {
        if (heartbeatPending) {
            return; // the pending heartbeat will carry this change too
        }
        heartbeatPending = true;
        long waitNanos = lastHeartbeatNanos + minHeartbeatInterval.toNanos() - System.nanoTime();
        executor.schedule(this::heartbeat, Instant.now().plusNanos(Math.max(0, waitNanos)));
    }

    private void heartbeat() {
        heartbeatPending = false;
        long v = version.get();
        if (v == lastHeartbeatVersion) {
            return;
        }
        lastHeartbeatVersion = v;
        lastHeartbeatNanos = System.nanoTime();
        publish(new HeartbeatEvent(this, v));
    }

    private void publish(ApplicationEvent event) {
        try {
            publisher.publishEvent(event);
        } catch (RuntimeException e) {
            log.warn("a listener of {} failed", event, e);
        }
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("a memberlist change listener failed", e);
        }
    }

    /**
     * Stops publishing when the scheduler is the bridge's own (events not yet published are dropped); a
     * scheduler bean is shut down by the context, after the node stopped.
     */
    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdown();
        }
    }
}
