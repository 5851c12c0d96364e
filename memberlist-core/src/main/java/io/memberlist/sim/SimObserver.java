package io.memberlist.sim;

import io.memberlist.MembershipEvent;

/**
 * Watches a simulation as it runs: metrics and invariant checkers are observers. Called on the simulation's
 * single thread, in virtual-time order.
 */
public interface SimObserver {

    /** {@code at} told its application {@code event}. */
    default void onNotify(long nowNanos, SimNode at, MembershipEvent event) {
    }

    /** {@code node} finished handling one input (a message, a stream, or its timers). */
    default void afterInput(long nowNanos, SimNode node) {
    }

    /** {@code node} came up with a fresh machine (started, or restarted after a crash). */
    default void onStart(long nowNanos, SimNode node) {
    }

    /** The run is over. */
    default void atEnd(long nowNanos, Simulation simulation) {
    }
}
