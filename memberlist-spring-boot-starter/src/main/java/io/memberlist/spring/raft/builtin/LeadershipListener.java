package io.memberlist.spring.raft.builtin;

/**
 * Told when this node's raft role changes. The raft group calls it on every change of leader it observes (it may
 * repeat a state; updates of an older term than the last one are ignored by {@link Leadership}).
 */
@FunctionalInterface
public interface LeadershipListener {

    /**
     * @param isLeader whether this node is now the leader
     * @param term     the raft term of this view
     * @param leaderId the current leader's raft peer id, or null when none is known (an election is running)
     */
    void onLeaderChanged(boolean isLeader, long term, String leaderId);
}
