/**
 * Agreement on top of gossip: a small raft group (Apache Ratis) formed from the memberlist cluster, hosting
 * replicated state machines with three kinds of functions: commands (replicated, then applied), queries (read
 * from applied state, with the log index they reflect) and subscriptions (notifications the leader delivers).
 *
 * <p>Membership decides <em>who</em> may vote (deterministically, from gossiped meta); Ratis alone decides
 * <em>what</em> is agreed. Off unless {@code memberlist.raft.enabled=true} and Ratis is on the classpath.
 *
 * <p>Define a state machine by implementing {@link io.memberlist.spring.raft.ReplicatedStateMachine} as a
 * bean; call it through {@link io.memberlist.spring.raft.RaftOperations}.
 */
package io.memberlist.spring.raft;
