/**
 * The protocol machine: memberlist's SWIM + Lifeguard behaviour as pure code.
 *
 * <p>{@link io.memberlist.protocol.SwimMachine} is a thin dispatcher over one collaborator per concern:
 * {@code FailureDetector} (probe rounds, relays), {@code Dissemination} (broadcast queue, piggybacking,
 * gossip), {@code StateChanges} (alive/suspect/dead claims, refutation, suspicion timers),
 * {@code PushPullMerge} (anti-entropy), {@link io.memberlist.protocol.Precedence} (which claim wins),
 * {@link io.memberlist.protocol.Timing} (the math), {@code Awareness} and {@code Suspicion} (Lifeguard).
 *
 * <p>Rules: no I/O, no clock, no threads, no Netty. Time is an argument ({@code nowNanos}), randomness a
 * constructor argument, timers are deadlines, outputs are {@link io.memberlist.protocol.Effect} values.
 * Depends on the JDK, {@code io.memberlist} values and {@code io.memberlist.wire} records only.
 */
package io.memberlist.protocol;
