package io.memberlist.spring.raft.actuate;

import io.memberlist.spring.actuate.MemberlistRaftSection;
import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.group.RaftGroupSettings;
import io.memberlist.spring.raft.group.RaftGroupStatus;
import io.memberlist.spring.raft.group.RaftRole;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code raft} section of {@code /actuator/memberlist}: {@link Report}. */
public final class RaftSection implements MemberlistRaftSection {
    private final RaftGroupNode node;
    private final RaftGroupSettings settings;
    private final LeaderWatch watch;

    public RaftSection(RaftGroupNode node, RaftGroupSettings settings, LeaderWatch watch) {
        this.node = node;
        this.settings = settings;
        this.watch = watch;
    }

    /**
     * The raft group as this node sees it.
     *
     * @param groupId          the group id every node of the cluster derives
     * @param role             UNFORMED (not joined yet), STANDBY (no voter seat), FOLLOWER, CANDIDATE or LEADER
     * @param term             this node's current term
     * @param leader           the leader's node name, or null when this node knows none
     * @param voters           the voters of the configuration this node holds, sorted
     * @param commitIndex      the last log index this node knows committed; null before it holds the group
     * @param appliedIndex     the last index its state machines applied; null before it holds the group
     * @param joined           how it came to hold the group (NOT_YET, FROM_STORAGE, BOOTSTRAPPED, ADDED)
     * @param storageDir       its raft storage
     * @param leaderChanges    leaders it has seen take office since it started
     * @param leaderUnknownFor how long it has known no leader (ISO-8601), or null while it knows one
     */
    public record Report(String groupId, RaftRole role, long term, String leader, List<String> voters,
                         Long commitIndex, Long appliedIndex, RaftGroupNode.Joined joined, String storageDir,
                         long leaderChanges, String leaderUnknownFor) {
    }

    @Override
    public Report report() {
        RaftGroupStatus status = node.status();
        Optional<RaftProgress> progress = RaftProgress.of(node);
        return new Report(node.groupId().getUuid().toString(), status.role(), status.term(),
                LeaderWatch.knowsLeader(status) ? status.leader() : null, status.voters(),
                progress.map(RaftProgress::commitIndex).orElse(null),
                progress.map(RaftProgress::appliedIndex).orElse(null), node.joined(),
                settings.storageDir().toString(), watch.leaderChanges(),
                watch.leaderUnknownFor().map(Duration::toString).orElse(null));
    }
}
