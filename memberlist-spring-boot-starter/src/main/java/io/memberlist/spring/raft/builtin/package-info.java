/**
 * Built-in replicated state machines and their typed facades, for what Spring users ask of a raft group:
 * a replicated map ({@link io.memberlist.spring.raft.builtin.MapMachine},
 * {@link io.memberlist.spring.raft.builtin.ReplicatedMap}), a counter
 * ({@link io.memberlist.spring.raft.builtin.CounterMachine},
 * {@link io.memberlist.spring.raft.builtin.ReplicatedCounter}), a lock with a lease and fencing tokens
 * ({@link io.memberlist.spring.raft.builtin.LockMachine}, {@link io.memberlist.spring.raft.builtin.RaftLock}),
 * and leadership as Spring events ({@link io.memberlist.spring.raft.builtin.Leadership}).
 *
 * <p>Glossary: a <em>machine</em> is a {@link io.memberlist.spring.raft.ReplicatedStateMachine} (runs on every
 * server, deterministic); a <em>facade</em> is the client side, a thin encoder over
 * {@link io.memberlist.spring.raft.RaftOperations}; a <em>lease</em> is a lock grant that ends at a time measured
 * by the commits' clock ({@link io.memberlist.spring.raft.Commit#time()}), never a server's own; a
 * <em>fencing token</em> is the log index of the grant, which only grows.
 *
 * <p>Wire format: msgpack, versioned, documented per machine ({@code MapCodec}, {@code LockCodec},
 * {@link io.memberlist.spring.raft.builtin.CounterMachine}). Depends on the {@code io.memberlist.spring.raft}
 * contract only, never on Ratis; Spring Integration only in {@code builtin.integration}.
 */
package io.memberlist.spring.raft.builtin;
