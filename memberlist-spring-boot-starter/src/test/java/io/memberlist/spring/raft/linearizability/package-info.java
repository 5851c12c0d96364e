/**
 * A linearizability checker for histories of register calls recorded from real clients, for the raft tests.
 *
 * <p>Record with {@link io.memberlist.spring.raft.linearizability.History} (or drive a
 * {@link io.memberlist.spring.raft.linearizability.Register} with a
 * {@link io.memberlist.spring.raft.linearizability.Workload}), then call
 * {@link io.memberlist.spring.raft.linearizability.LinearizabilityChecker#check}. The search is Wing &amp; Gong's
 * with Lowe's memo of (linearized set, register state), run per key.
 *
 * <p>What a verdict guarantees:
 * <ul>
 *   <li>{@code LINEARIZABLE}: there is a total order of all answered calls, plus any subset of the unanswered
 *       writes and CAS, in which each call takes effect between its invocation and its answer (unanswered ones
 *       any time after their invocation) and every result matches a register (read returns the last value
 *       written; CAS swaps iff the value equals the expected one). Calls recorded as definitely failed are
 *       assumed to have had no effect: mark a call failed only when the server cannot have applied it.</li>
 *   <li>{@code NOT_LINEARIZABLE}: no such order exists. The culprit is the first call whose answer no order can
 *       accommodate (every call answered before it fits some order), and the explanation names the values the
 *       register could hold by then and the calls that wrote them.</li>
 *   <li>{@code UNKNOWN}: the step budget ran out. It is not a pass; {@code assertLinearizable} fails on it.</li>
 * </ul>
 * Times are the clients' {@link java.lang.System#nanoTime()}, so all clients must be in one JVM. The checker
 * trusts the recording: a client that records an answer before it really has one can hide a violation.
 */
package io.memberlist.spring.raft.linearizability;
