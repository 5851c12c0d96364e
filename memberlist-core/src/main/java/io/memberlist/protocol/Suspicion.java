package io.memberlist.protocol;

import java.util.HashSet;
import java.util.Set;

/**
 * One suspicion timer, as data (Go's {@code suspicion.go} without its goroutine). It starts at the
 * maximum timeout and shrinks as distinct members confirm the suspicion, down to the minimum once
 * {@code k} have. The machine owns the deadline; this class only computes it.
 */
final class Suspicion {
    private final long startNanos;
    private final long minNanos;
    private final long maxNanos;
    private final int k;
    private final Set<String> confirmations = new HashSet<>();
    private final long stateChangeNanos;
    private int confirmed;
    private long deadlineNanos;

    /**
     * @param from             the first accuser; its later suspect messages are not confirmations
     * @param k                confirmations expected; 0 means the minimum applies at once
     * @param stateChangeNanos the suspect transition this timer belongs to; a stale timer must not fire
     */
    Suspicion(String from, int k, long minNanos, long maxNanos, long nowNanos, long stateChangeNanos) {
        this.startNanos = nowNanos;
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.k = k;
        this.stateChangeNanos = stateChangeNanos;
        confirmations.add(from);
        this.deadlineNanos = nowNanos + (k < 1 ? minNanos : maxNanos);
    }

    /**
     * Records a suspect message from {@code from}. Returns true when it is new information (a distinct
     * accuser while fewer than {@code k} have confirmed), in which case the deadline moved and the suspect
     * should be re-gossiped.
     */
    boolean confirm(String from, long nowNanos) {
        if (confirmed >= k || !confirmations.add(from)) {
            return false;
        }
        confirmed++;
        long remaining = Timing.remainingSuspicionTime(confirmed, k, nowNanos - startNanos, minNanos, maxNanos);
        deadlineNanos = nowNanos + Math.max(0, remaining);
        return true;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    int confirmations() {
        return confirmed;
    }

    long stateChangeNanos() {
        return stateChangeNanos;
    }
}
