package io.memberlist.spring.raft.actuate;

import io.memberlist.spring.raft.group.RaftGroupStatus;
import io.memberlist.spring.raft.group.RaftRole;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderWatchTest {
    private static final List<String> VOTERS = List.of("a", "b", "c");
    private final AtomicLong now = new AtomicLong(1_000);
    private final LeaderWatch watch = new LeaderWatch(now::get);
    private RaftGroupStatus last = RaftGroupStatus.UNFORMED;

    private void see(RaftRole role, String leader, long term) {
        RaftGroupStatus next = new RaftGroupStatus(role, leader, term, VOTERS);
        watch.onChange(last, next);
        last = next;
    }

    @Test
    void unformed_noLeaderlessTimeAndNoChange() {
        see(RaftRole.UNFORMED, null, 0);
        assertThat(watch.leaderUnknownFor()).isEmpty();
        assertThat(watch.leaderChanges()).isZero();
    }

    @Test
    void leaderlessTimeRunsFromTheLossOfTheLeaderNotFromEachLaterChange() {
        see(RaftRole.FOLLOWER, "a", 1);
        assertThat(watch.leaderUnknownFor()).isEmpty();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        see(RaftRole.FOLLOWER, null, 1);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        see(RaftRole.CANDIDATE, null, 2);
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(watch.leaderUnknownFor()).contains(Duration.ofSeconds(5));
        see(RaftRole.FOLLOWER, "b", 3);
        assertThat(watch.leaderUnknownFor()).isEmpty();
    }

    @Test
    void aCandidateHoldingItsOldLeadersIdKnowsNoLeader() {
        see(RaftRole.FOLLOWER, "a", 1);
        see(RaftRole.CANDIDATE, "a", 2);
        assertThat(LeaderWatch.knowsLeader(last)).isFalse();
        assertThat(watch.leaderUnknownFor()).contains(Duration.ZERO);
    }

    @Test
    void everyNewLeaderOrNewTermOfTheSameLeaderCounts_otherChangesDoNot() {
        see(RaftRole.FOLLOWER, null, 0);
        see(RaftRole.FOLLOWER, "a", 1);
        see(RaftRole.FOLLOWER, "a", 1); // same leader, same term: a voters or role change elsewhere
        see(RaftRole.CANDIDATE, null, 2);
        see(RaftRole.FOLLOWER, "b", 2);
        see(RaftRole.FOLLOWER, "b", 3); // b elected again, in a later term
        assertThat(watch.leaderChanges()).isEqualTo(3);
    }
}
