package io.memberlist.spring.raft.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The {@code memberlist.raft.commands} timer: from a {@code RaftOperations.command} call to its result, that is
 * to the leader, through a majority's logs, applied and back. Held apart from {@link RaftMetrics} because the
 * operations decorator records into it before, and whether or not, a registry is bound; it records into every
 * registry {@link RaftMetrics} is bound to.
 *
 * <p>A percentile histogram is published by default, so p50/p99 can be read and aggregated across nodes (for
 * Prometheus, {@code histogram_quantile}); turn it off with
 * {@code management.metrics.distribution.percentiles-histogram.memberlist.raft.commands=false}, or ask for
 * client-side percentiles with {@code management.metrics.distribution.percentiles.memberlist.raft.commands=0.5,0.99}.
 */
public final class CommandTimer {
    static final String NAME = "memberlist.raft.commands";

    private final List<Timer> succeeded = new CopyOnWriteArrayList<>();
    private final List<Timer> failed = new CopyOnWriteArrayList<>();

    /**
     * @param expectedMax the longest a command is expected to take (the raft request timeout): the histogram's
     *                    buckets stop there, keeping their number small
     */
    void bindTo(MeterRegistry registry, Tags tags, Duration expectedMax) {
        succeeded.add(timer(registry, tags.and("outcome", "success"), expectedMax));
        failed.add(timer(registry, tags.and("outcome", "failure"), expectedMax));
    }

    private static Timer timer(MeterRegistry registry, Tags tags, Duration expectedMax) {
        return Timer.builder(NAME).description("Raft commands from the call to the result (committed by a majority"
                        + " and applied), by outcome").tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(expectedMax).register(registry);
    }

    /** One command's time; {@code ok} false when it failed (not formed, timed out, rejected by the machine). */
    void record(long nanos, boolean ok) {
        for (Timer t : ok ? succeeded : failed) {
            t.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
