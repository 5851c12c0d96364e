/**
 * The deterministic cluster simulator: the production {@link io.memberlist.protocol.SwimMachine} for
 * thousands of nodes in virtual time, over an in-memory network with latency, jitter, loss, duplicates,
 * partitions and slow nodes ({@link io.memberlist.sim.FaultPlan}), reproducible from a seed, with named
 * invariant checkers ({@code checkers}) on in every run. {@link io.memberlist.sim.Simulate} is its command
 * line: users run it to choose their settings ({@code --html} writes a report with charts).
 * {@link io.memberlist.sim.ForecastService} is its API for applications: a {@link io.memberlist.sim.Forecast}
 * of detection, propagation, traffic and false alarms for a given {@code Config}, size and network, within a
 * {@link io.memberlist.sim.ForecastBudget}.
 *
 * <p>Single-threaded by design: one {@link io.memberlist.sim.Simulation} owns its event queue, its
 * machines and its random generators. A {@code ForecastService} may be called from any thread; it runs
 * one forecast at a time.
 */
package io.memberlist.sim;
