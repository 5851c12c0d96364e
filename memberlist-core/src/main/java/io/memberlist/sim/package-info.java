/**
 * The deterministic cluster simulator: the production {@link io.memberlist.protocol.SwimMachine} for
 * thousands of nodes in virtual time, over an in-memory network with latency, jitter, loss, duplicates,
 * partitions and slow nodes ({@link io.memberlist.sim.FaultPlan}), reproducible from a seed, with named
 * invariant checkers ({@code checkers}) on in every run. {@link io.memberlist.sim.Simulate} is its command
 * line: users run it to choose their settings.
 *
 * <p>Single-threaded by design: one {@link io.memberlist.sim.Simulation} owns its event queue, its
 * machines and its random generators.
 */
package io.memberlist.sim;
