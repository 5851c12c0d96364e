/**
 * Named invariants every simulation checks as it runs: {@code IncarnationMonotonic},
 * {@code NoResurrection}, {@code NoFalseDeathWhenHealthy} and {@code Convergence}. A violation is recorded
 * with its virtual time; the run's seed replays it.
 */
package io.memberlist.sim.checkers;
