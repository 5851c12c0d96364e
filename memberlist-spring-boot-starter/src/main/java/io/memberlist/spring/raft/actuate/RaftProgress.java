package io.memberlist.spring.raft.actuate;

import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.group.RaftRole;
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

    /**
     * The progress of the node's division of the group; empty before this node holds the group's log: while the
     * group is unformed, on a standby (it holds the group id but no seat, and Ratis has not initialized its log),
     * and while the division is being added or removed.
     */
    public static Optional<RaftProgress> of(RaftGroupNode node) {
        RaftRole role = node.status().role();
        if (role == RaftRole.UNFORMED || role == RaftRole.STANDBY || node.group().isEmpty()) {
            return Optional.empty();
        }
        try {
            RaftServer.Division division = node.server().getDivision(node.groupId());
            TermIndex applied = division.getStateMachine().getLastAppliedTermIndex();
            long appliedIndex = applied != null ? applied.getIndex() : division.getInfo().getLastAppliedIndex();
            return Optional.of(new RaftProgress(division.getRaftLog().getLastCommittedIndex(), appliedIndex));
        } catch (IOException e) {
            return Optional.empty(); // removed meanwhile: as good as not joined
        } catch (IllegalStateException e) {
            return Optional.empty(); // Ratis: "log is uninitialized", a division still being set up
        }
    }
}
