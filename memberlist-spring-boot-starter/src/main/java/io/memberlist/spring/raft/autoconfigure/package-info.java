/**
 * Wires the raft group together when {@code memberlist.raft.enabled=true}: the built-in state machines and the
 * application's {@link io.memberlist.spring.raft.ReplicatedStateMachine} beans hosted by one Ratis state machine,
 * the {@link io.memberlist.spring.raft.RaftOperations} client of this node, and leadership events.
 */
package io.memberlist.spring.raft.autoconfigure;
