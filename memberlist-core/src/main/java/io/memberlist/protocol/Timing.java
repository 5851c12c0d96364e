package io.memberlist.protocol;

/**
 * The protocol's timing math as pure functions (Go's {@code util.go} and {@code suspicion.go}). All
 * durations are nanoseconds. Table-tested against the values HashiCorp's own tests check.
 */
public final class Timing {
    /** Cluster size up to which push/pull runs at its configured interval (Go's pushPullScaleThreshold). */
    public static final int PUSH_PULL_SCALE_THRESHOLD = 32;

    private static final long MILLI = 1_000_000L;

    private Timing() {
    }

    /**
     * Minimum suspicion timeout: {@code suspicionMult × max(1, log10(max(1, n))) × probeInterval}. The
     * scale is truncated to thousandths, as Go computes it, so results match to the nanosecond.
     */
    public static long suspicionTimeout(int suspicionMult, int n, long probeIntervalNanos) {
        double nodeScale = Math.max(1.0, Math.log10(Math.max(1.0, n)));
        long scaleMillis = (long) (nodeScale * 1000);
        return suspicionMult * scaleMillis * probeIntervalNanos / 1000;
    }

    /**
     * The suspicion timer of one suspect (Go's {@code suspectNode}): {@code k} independent confirmations
     * expected, and the timeout shrinking from {@code max} towards {@code min} as they arrive ({@code min}
     * at once when none are expected).
     */
    public record SuspicionTimeouts(int confirmationsExpected, long minNanos, long maxNanos) {
        /** The timeout before any confirmation. */
        public long initialNanos() {
            return confirmationsExpected < 1 ? minNanos : maxNanos;
        }
    }

    /**
     * The suspicion timer for a cluster of {@code liveMembers} (alive or suspect, the local node and the
     * suspect included): {@code k = suspicionMult - 2} confirmations, so that the nominal timeout is hit two
     * probe intervals short of the multiplier, or 0 when fewer than {@code k} others could confirm (or
     * dynamic suspicion is off). The one function both the machine and reports use, so they cannot disagree.
     *
     * <p>Diverges from Go: Go counts every known node ({@code estNumNodes}), dead and left ones not yet
     * reaped included, though they cannot confirm anything. After a graceful leave in a 3-node cluster a
     * crash then waited for a confirmation that could never come: the maximum timeout (18 s with the local
     * profile) instead of the minimum (3 s).
     */
    public static SuspicionTimeouts suspicionTimeouts(int suspicionMult, int suspicionMaxTimeoutMult,
                                                      boolean dynamicSuspicion, int liveMembers,
                                                      long probeIntervalNanos) {
        int k = suspicionMult - 2;
        if (liveMembers - 2 < k || !dynamicSuspicion) {
            k = 0;
        }
        long min = suspicionTimeout(suspicionMult, liveMembers, probeIntervalNanos);
        return new SuspicionTimeouts(Math.max(0, k), min, suspicionMaxTimeoutMult * min);
    }

    /**
     * Lifeguard's dynamic suspicion: the time left for a suspicion that started {@code elapsed} ago and has
     * {@code confirmations} of the {@code k} expected independent confirmations. Starts at {@code max},
     * falls logarithmically towards {@code min}, floored to whole milliseconds; negative once overdue.
     */
    public static long remainingSuspicionTime(int confirmations, int k, long elapsedNanos, long minNanos,
                                              long maxNanos) {
        double frac = Math.log(confirmations + 1.0) / Math.log(k + 1.0);
        double rawSeconds = maxNanos / 1e9 - frac * (maxNanos / 1e9 - minNanos / 1e9);
        long timeout = (long) Math.floor(1000.0 * rawSeconds) * MILLI;
        if (timeout < minNanos) {
            timeout = minNanos;
        }
        return timeout - elapsedNanos;
    }

    /** How many times a broadcast is sent: {@code retransmitMult × ceil(log10(n + 1))}. */
    public static int retransmitLimit(int retransmitMult, int n) {
        int nodeScale = (int) Math.ceil(Math.log10(n + 1.0));
        return retransmitMult * nodeScale;
    }

    /**
     * The push/pull interval for a cluster of {@code n}: unchanged up to 32 nodes, then one more multiple
     * for each doubling ({@code 33–64 → ×2, 65–128 → ×3}), so anti-entropy traffic grows with log n.
     */
    public static long pushPullScale(long intervalNanos, int n) {
        if (n <= PUSH_PULL_SCALE_THRESHOLD) {
            return intervalNanos;
        }
        double log2 = Math.log(n) / Math.log(2);
        double threshold = Math.log(PUSH_PULL_SCALE_THRESHOLD) / Math.log(2);
        long multiplier = (long) Math.ceil(log2 - threshold) + 1;
        return intervalNanos * multiplier;
    }
}
