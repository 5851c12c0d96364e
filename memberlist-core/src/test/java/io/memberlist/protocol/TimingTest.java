package io.memberlist.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The timing math, with the exact values HashiCorp's {@code suspicion_test.go} and {@code util_test.go} check. */
class TimingTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @ParameterizedTest(name = "n={0} k={1} elapsed={2}ms -> {5}ms")
    @CsvSource({
            // n, k, elapsedMs, minMs, maxMs, expectedMs (suspicion_test.go TestSuspicion_remainingSuspicionTime)
            "0, 3,     0, 2000, 30000, 30000",
            "1, 3,  2000, 2000, 30000, 14000",
            "2, 3,  3000, 2000, 30000,  4810",
            "3, 3,  4000, 2000, 30000, -2000",
            "4, 3,  5000, 2000, 30000, -3000",
            "5, 3, 10000, 2000, 30000, -8000",
    })
    void remainingSuspicionTime_goTable_matchesGoToTheMillisecond(int n, int k, long elapsedMs, long minMs, long maxMs,
                                                                  long expectedMs) {
        assertThat(Timing.remainingSuspicionTime(n, k, elapsedMs * MS, minMs * MS, maxMs * MS))
                .isEqualTo(expectedMs * MS);
    }

    @Test
    void remainingSuspicionTime_fractionalMilliseconds_floorsToWholeMilliseconds() {
        // 2 of 3 confirmations, min 500 ms, max 2 s: 2 - log(3)/log(4) * 1.5 = 0.81127... s
        assertThat(Timing.remainingSuspicionTime(2, 3, 0, 500 * MS, 2 * S)).isEqualTo(811 * MS);
    }

    @ParameterizedTest(name = "n={0} -> {1}ms")
    @CsvSource({
            // util_test.go TestSuspicionTimeout: suspicionTimeout(3, n, 1s) / 3
            "5, 1000",
            "10, 1000",
            "50, 1698",
            "100, 2000",
            "500, 2698",
            "1000, 3000",
    })
    void suspicionTimeout_goTable_matchesGo(int n, long expectedMs) {
        assertThat(Timing.suspicionTimeout(3, n, S) / 3).isEqualTo(expectedMs * MS);
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"0", "1", "2", "4", "9", "10"})
    void suspicionTimeout_lanDefaultsUpToTenNodes_minFourSecondsMaxTwentyFour(int n) {
        long min = Timing.suspicionTimeout(4, n, Duration.ofSeconds(1).toNanos());
        assertThat(min).isEqualTo(4 * S);
        assertThat(6 * min).isEqualTo(24 * S);
    }

    @ParameterizedTest(name = "retransmitLimit({0}, {1}) = {2}")
    @CsvSource({
            // util_test.go TestRetransmitLimit
            "3, 0, 0",
            "3, 1, 3",
            "3, 99, 6",
            // memberlist-protocol.md §6.5: LAN 4 for n <= 9, 8 for n <= 99
            "4, 9, 4",
            "4, 10, 8",
            "4, 99, 8",
            "4, 100, 12",
    })
    void retransmitLimit_table_matchesGo(int mult, int n, int expected) {
        assertThat(Timing.retransmitLimit(mult, n)).isEqualTo(expected);
    }

    @Test
    void pushPullScale_upTo32Nodes_keepsTheInterval() {
        for (int n = 0; n <= 32; n++) {
            assertThat(Timing.pushPullScale(S, n)).as("n=%d", n).isEqualTo(S);
        }
    }

    @Test
    void pushPullScale_33to64Nodes_doublesTheInterval() {
        for (int n = 33; n <= 64; n++) {
            assertThat(Timing.pushPullScale(S, n)).as("n=%d", n).isEqualTo(2 * S);
        }
    }

    @Test
    void pushPullScale_65to128Nodes_triplesTheInterval() {
        for (int n = 65; n <= 128; n++) {
            assertThat(Timing.pushPullScale(S, n)).as("n=%d", n).isEqualTo(3 * S);
        }
        assertThat(Timing.pushPullScale(S, 129)).isEqualTo(4 * S);
    }
}
