package io.memberlist.protocol;

/**
 * Lifeguard's local health awareness (Go's {@code awareness.go}): a score in {@code [0, max)} that grows
 * when this node misses acks it should have had or must refute accusations, and shrinks with every
 * successful probe. The probe interval and wait are stretched by {@code score + 1}, so a starved node
 * slows its own accusations instead of blaming healthy peers. Disabled, the score stays 0.
 */
final class Awareness {
    private final int max;
    private final boolean enabled;
    private int score;

    Awareness(int max, boolean enabled) {
        this.max = max;
        this.enabled = enabled;
    }

    /** Adds {@code delta} (may be negative), clamped to {@code [0, max - 1]}. */
    void applyDelta(int delta) {
        if (!enabled) {
            return;
        }
        score = Math.max(0, Math.min(max - 1, score + delta));
    }

    /** The health score: 0 is healthy; higher means this node itself is likely degraded. */
    int score() {
        return score;
    }

    /** {@code timeout × (score + 1)}. */
    long scale(long timeoutNanos) {
        return timeoutNanos * (score + 1);
    }
}
