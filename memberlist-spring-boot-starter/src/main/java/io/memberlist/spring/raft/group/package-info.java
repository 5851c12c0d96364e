/**
 * The raft group formed from memberlist membership, and the Ratis server's lifecycle.
 *
 * <p>Each raft-enabled node advertises its raft address in its node meta ({@link
 * io.memberlist.spring.raft.group.RaftAddress}); every node picks the same voters, the first
 * {@code memberlist.raft.voters} raft members by name ({@link io.memberlist.spring.raft.group.VoterSelection});
 * a node without stored state bootstraps the group once or waits as a standby
 * ({@link io.memberlist.spring.raft.group.GroupFormation}); the leader replaces voters that stay dead, and a
 * leaving voter hands its seat over ({@link io.memberlist.spring.raft.group.SeatKeeping}). What is agreed is
 * the Ratis state machine's business, not this package's. See {@code docs/raft-group.md}.
 */
package io.memberlist.spring.raft.group;
