package io.memberlist.spring.ui;

import io.memberlist.Stats;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cumulative counters become per-second rates; the history is bounded. */
class TrafficSamplerTests {

    private static Stats stats(long packetsIn, long packetsOut, long bytesIn, long bytesOut, long streamIn,
                               long streamOut, long malformed, long label, long decrypt, long overload) {
        return new Stats(packetsOut, bytesOut, packetsIn, bytesIn, 0, 0, streamOut, streamIn, Map.of(), Map.of(),
                malformed, label, decrypt, overload, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0);
    }

    @Test
    void ratesAreDeltasPerSecond_bytesCountPacketsAndStreams() {
        TrafficSampler sampler = new TrafficSampler();
        assertThat(sampler.sample(stats(10, 20, 1000, 2000, 0, 0, 0, 0, 0, 0), 0, 0)).isNull();
        TrafficSampler.Sample s = sampler.sample(stats(30, 30, 3000, 2500, 400, 100, 1, 2, 3, 4),
                2_000_000_000L, 2_000);
        assertThat(s.packetsIn()).isEqualTo(10.0);
        assertThat(s.packetsOut()).isEqualTo(5.0);
        assertThat(s.bytesIn()).isEqualTo(1200.0);
        assertThat(s.bytesOut()).isEqualTo(300.0);
        assertThat(s.droppedMalformed()).isEqualTo(0.5);
        assertThat(s.droppedLabel()).isEqualTo(1.0);
        assertThat(s.droppedDecrypt()).isEqualTo(1.5);
        assertThat(s.droppedOverload()).isEqualTo(2.0);
    }

    @Test
    void historyKeepsTheLastTwoMinutes() {
        TrafficSampler sampler = new TrafficSampler();
        for (int i = 0; i <= TrafficSampler.HISTORY + 10; i++) {
            sampler.sample(stats(i, 0, 0, 0, 0, 0, 0, 0, 0, 0), i * 1_000_000_000L, i * 1000L);
        }
        assertThat(sampler.history()).hasSize(TrafficSampler.HISTORY);
        assertThat(sampler.history().get(TrafficSampler.HISTORY - 1).atMillis())
                .isEqualTo((TrafficSampler.HISTORY + 10) * 1000L);
    }
}
