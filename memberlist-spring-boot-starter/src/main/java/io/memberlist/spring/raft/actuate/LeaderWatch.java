package io.memberlist.spring.raft.actuate;

import io.memberlist.spring.raft.group.RaftGroupListener;
import io.memberlist.spring.raft.group.RaftGroupStatus;
import io.memberlist.spring.raft.group.RaftRole;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Follows the group's leader as this node sees it: how many leaders it has seen take office, and since when it
 * has known none. A status only says "no leader now"; how long that has lasted is what tells an election (a
 * second or two) from a minority partition (for ever), so the health indicator reads it here.
 */
public final class LeaderWatch implements RaftGroupListener {
    private static final long NEVER = Long.MIN_VALUE;

    private final LongSupplier nanoClock;
    private final AtomicLong leaderChanges = new AtomicLong();
    private volatile long leaderUnknownSince = NEVER;
    private String lastLeader;
    private long lastLeaderTerm = -1;

    public LeaderWatch() {
        this(System::nanoTime);
    }

    LeaderWatch(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Whether the status names a leader this node follows (or is). A candidate may still hold the id of the
     * leader it lost: that is a leader it no longer knows.
     */
    static boolean knowsLeader(RaftGroupStatus status) {
        return status.leader() != null && status.role() != RaftRole.CANDIDATE && status.role() != RaftRole.UNFORMED;
    }

    @Override
    public synchronized void onChange(RaftGroupStatus previous, RaftGroupStatus current) {
        if (knowsLeader(current)) {
            leaderUnknownSince = NEVER;
            // A new leader, or the same node elected again in a later term: either way an election was won.
            if (!Objects.equals(current.leader(), lastLeader) || current.term() != lastLeaderTerm) {
                leaderChanges.incrementAndGet();
                lastLeader = current.leader();
                lastLeaderTerm = current.term();
            }
        } else if (current.role() != RaftRole.UNFORMED && leaderUnknownSince == NEVER) {
            leaderUnknownSince = nanoClock.getAsLong();
        }
    }

    /** Leaders this node has seen take office (a new leader, or a new term of the same one) since it started. */
    public long leaderChanges() {
        return leaderChanges.get();
    }

    /** How long this node, a member of a formed group, has known no leader; empty while it knows one. */
    public Optional<Duration> leaderUnknownFor() {
        long since = leaderUnknownSince;
        return since == NEVER ? Optional.empty() : Optional.of(Duration.ofNanos(nanoClock.getAsLong() - since));
    }
}
