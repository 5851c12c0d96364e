package io.memberlist.spring.raft.builtin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's raft leadership as Spring sees it: {@link #isLeader()}, {@link #runIfLeader(Runnable)} for work
 * that only the leader should do (a {@code @Scheduled} job that every node schedules), and
 * {@link LeadershipGrantedEvent} / {@link LeadershipRevokedEvent} for {@code @EventListener}s.
 *
 * <p>Guarantee, and its limit: this is the raft leader's own view. A leader cut off by a partition believes it
 * leads until it notices (up to an election timeout) while the majority elects another, so around a change two
 * nodes may both run a leader-only job for a moment. Work that must never run twice needs the lock's fencing
 * token ({@link RaftLock#fencingToken()}) checked by the resource, or a command to the group.
 *
 * <p>State changes synchronously in {@link #onLeaderChanged}; events are published on {@code eventExecutor}
 * (give it one thread so they keep their order; never the raft thread, so a slow listener cannot stall raft).
 */
public final class Leadership implements LeadershipListener {
    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final ApplicationEventPublisher publisher;
    private final Executor eventExecutor;
    private final AtomicLong staleUpdates = new AtomicLong();
    private volatile View view = new View(false, 0, null);

    private record View(boolean leader, long term, String leaderId) {
    }

    public Leadership(ApplicationEventPublisher publisher, Executor eventExecutor) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.eventExecutor = Objects.requireNonNull(eventExecutor, "eventExecutor");
    }

    /** Whether this node is the leader, as of the last change the group reported. */
    public boolean isLeader() {
        return view.leader();
    }

    /** The term of the last change the group reported (0 before any). */
    public long term() {
        return view.term();
    }

    /** The leader's raft peer id, or null when none is known. */
    public String leaderId() {
        return view.leaderId();
    }

    /** Runs {@code task} on the calling thread if this node is the leader; returns whether it ran. */
    public boolean runIfLeader(Runnable task) {
        if (!isLeader()) {
            return false;
        }
        task.run();
        return true;
    }

    /** Updates from an older term than the last one (reordered callbacks), ignored. */
    public long staleUpdates() {
        return staleUpdates.get();
    }

    @Override
    public synchronized void onLeaderChanged(boolean isLeader, long term, String leaderId) {
        View before = view;
        if (term < before.term()) {
            staleUpdates.incrementAndGet();
            log.debug("ignored a raft leadership update of term {} (already at term {})", term, before.term());
            return;
        }
        view = new View(isLeader, term, leaderId);
        boolean newTerm = term != before.term();
        if (before.leader() && (!isLeader || newTerm)) {
            publish(new LeadershipRevokedEvent(this, before.term(), leaderId));
        }
        if (isLeader && (!before.leader() || newTerm)) {
            publish(new LeadershipGrantedEvent(this, term, leaderId));
        }
    }

    private void publish(LeadershipEvent event) {
        log.info("raft leadership: {}", event);
        eventExecutor.execute(() -> publisher.publishEvent(event));
    }
}
