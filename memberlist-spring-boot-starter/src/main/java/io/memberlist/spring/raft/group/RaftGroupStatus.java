package io.memberlist.spring.raft.group;

import java.util.List;

/**
 * What this node knows of the raft group at one moment.
 *
 * @param role   this node's role
 * @param leader node name of the leader it knows, or null
 * @param term   its current raft term (0 before the group is formed)
 * @param voters node names of the voters of the configuration it holds, sorted
 */
public record RaftGroupStatus(RaftRole role, String leader, long term, List<String> voters) {
    public static final RaftGroupStatus UNFORMED = new RaftGroupStatus(RaftRole.UNFORMED, null, 0, List.of());

    public RaftGroupStatus {
        voters = List.copyOf(voters);
    }

    public boolean isLeader() {
        return role == RaftRole.LEADER;
    }
}
