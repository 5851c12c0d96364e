package io.memberlist.spring.raft.actuate;

import io.memberlist.spring.raft.group.RaftGroupNode;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;

import java.io.IOException;
import java.util.Optional;

/**
 * How far this node's copy of the log has got: the highest index it knows committed (a majority has it) and the
 * highest its state machines have applied. A follower's applied index trails the leader's commit index by the
 * entries still in flight; a gap that keeps growing is a node falling behind.
 *
 * @param commitIndex  the raft log's last committed index
 * @param appliedIndex the state machine's last applied index (Ratis's {@code getLastAppliedTermIndex})
 */
public record RaftProgress(long commitIndex, long appliedIndex) {

    /** The progress of the node's division of the group; empty before this node holds the group. */
    public static Optional<RaftProgress> of(RaftGroupNode node) {
        RaftServer.Division division;
        try {
            if (node.group().isEmpty()) {
                return Optional.empty();
            }
            division = node.server().getDivision(node.groupId());
        } catch (IOException e) {
            return Optional.empty(); // removed between the two calls: as good as not joined
        }
        TermIndex applied = division.getStateMachine().getLastAppliedTermIndex();
        long appliedIndex = applied != null ? applied.getIndex() : division.getInfo().getLastAppliedIndex();
        return Optional.of(new RaftProgress(division.getRaftLog().getLastCommittedIndex(), appliedIndex));
    }
}
