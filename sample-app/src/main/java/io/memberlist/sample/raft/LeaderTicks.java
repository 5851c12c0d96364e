package io.memberlist.sample.raft;

import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.builtin.Leadership;
import io.memberlist.spring.raft.builtin.LeadershipGrantedEvent;
import io.memberlist.spring.raft.builtin.LeadershipRevokedEvent;
import io.memberlist.spring.raft.builtin.ReplicatedCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A job that every node schedules and only the raft leader runs: it increments the replicated counter
 * {@code leader-ticks} and logs "I lead (term N)". Each node remembers how many ticks it ran per term, so
 * {@code /leader} shows that one node, the leader of that term, did the work (raft elects at most one leader
 * per term; around a change two nodes may each believe they lead for a moment, see {@link Leadership}).
 */
public class LeaderTicks {
    static final String COUNTER = "leader-ticks";
    private static final Logger log = LoggerFactory.getLogger(LeaderTicks.class);

    private final Leadership leadership;
    private final ReplicatedCounter ticks;
    private final Map<Long, AtomicLong> ranByTerm = new ConcurrentHashMap<>();
    private volatile long lastValue = -1;

    LeaderTicks(Leadership leadership, RaftOperations raft) {
        this.leadership = leadership;
        this.ticks = new ReplicatedCounter(raft, COUNTER);
    }

    @Scheduled(fixedDelayString = "${sample.leader-tick-interval:5s}")
    void tick() {
        leadership.runIfLeader(this::tickAsLeader);
    }

    private void tickAsLeader() {
        long term = leadership.term();
        try {
            lastValue = ticks.incrementAndGet().get(RaftReply.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            ranByTerm.computeIfAbsent(term, t -> new AtomicLong()).incrementAndGet();
            log.info("I lead (term {}): {} = {}", term, COUNTER, lastValue);
        } catch (ExecutionException | TimeoutException e) {
            // Lost the leadership or the majority while ticking: the next leader ticks on.
            log.warn("leader tick of term {} failed: {}", term, e.getCause() != null ? e.getCause().getMessage() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @EventListener
    void granted(LeadershipGrantedEvent event) {
        log.info("this node leads the raft group from term {}: it runs the leader-only job now", event.getTerm());
    }

    @EventListener
    void revoked(LeadershipRevokedEvent event) {
        log.info("this node no longer leads (term {} ended; leader now {}): it stops the leader-only job",
                event.getTerm(), event.getLeaderId());
    }

    /** Ticks this node ran, by the term it led. */
    Map<Long, Long> ranByTerm() {
        Map<Long, Long> out = new TreeMap<>();
        ranByTerm.forEach((term, count) -> out.put(term, count.get()));
        return out;
    }

    /** The value of {@code leader-ticks} after this node's last tick, or -1 before any. */
    long lastValue() {
        return lastValue;
    }
}
