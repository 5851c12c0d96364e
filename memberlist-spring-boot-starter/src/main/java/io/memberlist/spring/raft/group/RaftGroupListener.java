package io.memberlist.spring.raft.group;

/**
 * Told when this node's view of the raft group changes: its role, the leader, the term or the voters.
 * Called on the group's own thread, one change at a time, in order; return quickly (hand long work to
 * another thread). Register beans of this type, or call {@link RaftGroupNode#addListener}.
 */
@FunctionalInterface
public interface RaftGroupListener {

    void onChange(RaftGroupStatus previous, RaftGroupStatus current);
}
