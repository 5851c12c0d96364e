package io.memberlist.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lifeguard's local health score (Go's awareness_test.go). */
class AwarenessTest {

    @Test
    void new_scoreIsZeroAndScaleIsIdentity() {
        Awareness a = new Awareness(8, true);
        assertThat(a.score()).isZero();
        assertThat(a.scale(1_000)).isEqualTo(1_000);
    }

    @Test
    void applyDelta_sequence_clampsToZeroAndMaxMinusOne() {
        // awareness_test.go TestAwareness: deltas and the scores/timeouts they lead to, max 8.
        Awareness a = new Awareness(8, true);
        int[][] cases = {
                {0, 0, 1}, {-1, 0, 1}, {-10, 0, 1}, {1, 1, 2}, {-1, 0, 1}, {10, 7, 8}, {-1, 6, 7}, {-1, 5, 6},
                {-1, 4, 5}, {-1, 3, 4}, {-1, 2, 3}, {-1, 1, 2}, {-1, 0, 1}, {-1, 0, 1},
        };
        for (int[] c : cases) {
            a.applyDelta(c[0]);
            assertThat(a.score()).as("after delta %d", c[0]).isEqualTo(c[1]);
            assertThat(a.scale(1_000_000_000L)).isEqualTo(c[2] * 1_000_000_000L);
        }
    }

    @Test
    void applyDelta_disabled_staysZero() {
        Awareness a = new Awareness(8, false);
        a.applyDelta(5);
        assertThat(a.score()).isZero();
        assertThat(a.scale(42)).isEqualTo(42);
    }

    @Test
    void applyDelta_maxOne_neverRises() {
        Awareness a = new Awareness(1, true);
        a.applyDelta(3);
        assertThat(a.score()).isZero();
    }
}
