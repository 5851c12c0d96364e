package io.memberlist.spring.raft.group;

/** What this node is in the raft group. */
public enum RaftRole {
    /** The group is not formed yet, or this node has not joined it. */
    UNFORMED,
    /** Runs the group but holds no voter seat: it waits to be given one. */
    STANDBY,
    FOLLOWER,
    CANDIDATE,
    LEADER
}
