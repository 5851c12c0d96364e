package io.memberlist.sim;

import java.util.Arrays;

/**
 * Percentiles over nodes of how long something took, in seconds. {@code reached} of {@code expected} nodes
 * saw it at all; when some did not, the upper percentiles they would fall into are unknown (null).
 */
public record Distribution(Double p50, Double p99, Double max, int reached, int expected) {

    static Distribution of(long[] nanos, int expected) {
        if (expected == 0) {
            return null;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Distribution(percentile(sorted, 0.50, expected), percentile(sorted, 0.99, expected),
                sorted.length == expected && sorted.length > 0 ? sorted[sorted.length - 1] / 1e9 : null,
                sorted.length, expected);
    }

    /** Nearest-rank percentile over {@code expected} values, of which only {@code sorted} are known. */
    private static Double percentile(long[] sorted, double p, int expected) {
        int rank = (int) Math.ceil(p * expected);
        if (rank < 1) {
            rank = 1;
        }
        return rank <= sorted.length ? sorted[rank - 1] / 1e9 : null;
    }

    String json() {
        return "{\"p50\":" + num(p50) + ",\"p99\":" + num(p99) + ",\"max\":" + num(max)
                + ",\"reached\":" + reached + ",\"expected\":" + expected + "}";
    }

    String text() {
        return String.format("p50 %s  p99 %s  max %s  (%d/%d nodes)", sec(p50), sec(p99), sec(max), reached, expected);
    }

    private static String num(Double v) {
        return v == null ? "null" : String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    private static String sec(Double v) {
        return v == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.2fs", v);
    }
}
