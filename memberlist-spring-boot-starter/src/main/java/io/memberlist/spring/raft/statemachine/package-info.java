/**
 * The Ratis side of the replicated state machines.
 *
 * <p>{@link io.memberlist.spring.raft.statemachine.StateMachineHost} is the Ratis state machine of the group: it
 * hosts the application's {@link io.memberlist.spring.raft.ReplicatedStateMachine}s by name, applies command
 * entries in log order, answers queries with the applied index they reflect, buffers the notifications commands
 * publish, and writes all machines into one snapshot file.
 * {@link io.memberlist.spring.raft.statemachine.RatisRaftOperations} is the client side over a Ratis
 * {@code RaftClient}: commands, queries under the index rule, linearizable reads (ReadIndex) and subscriptions
 * as long polls to the leader. The formats and guarantees are described in {@code docs/raft-state-machines.md}.
 */
package io.memberlist.spring.raft.statemachine;
