package io.memberlist.sim;

import io.memberlist.bench.ForecastCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forecast is checked against real sockets: a loopback cluster with the same settings detects a
 * crash and spreads a leave in the time the forecast predicts, median within max(30 %, one probe
 * interval); {@link ForecastCheck} explains the tolerance and the settings. Sizes 10 and 30, with three and
 * two clusters (27 and 58 crash detection times), keep this around a minute.
 */
class ForecastVsLoopbackTest {

    @Test
    void tenNodes_forecastAgreesWithLoopback() throws Exception {
        check(ForecastCheck.compare(ForecastCheck.profile(), 10, 3));
    }

    @Test
    void thirtyNodes_forecastAgreesWithLoopback() throws Exception {
        check(ForecastCheck.compare(ForecastCheck.profile(), 30, 2));
    }

    private static void check(ForecastCheck.Comparison c) {
        System.out.println("forecast vs loopback: " + c);
        assertThat(c.crashAgrees()).as("crash detection median, forecast %.3f s vs real %.3f s (tolerance %.3f s)",
                c.forecastCrashP50(), c.realCrashP50(), c.toleranceCrashS()).isTrue();
        assertThat(c.leaveAgrees()).as("leave propagation median, forecast %.3f s vs real %.3f s (tolerance %.3f s)",
                c.forecastLeaveP50(), c.realLeaveP50(), c.toleranceLeaveS()).isTrue();
    }
}
