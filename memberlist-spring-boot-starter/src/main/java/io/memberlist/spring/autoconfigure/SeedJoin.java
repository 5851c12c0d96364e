package io.memberlist.spring.autoconfigure;

import io.memberlist.Memberlist;
import io.memberlist.NodeNameTakenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.backoff.BackOffExecution;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The startup join, retried with exponential backoff: waits start at {@code memberlist.join.retry.interval},
 * double, get up to half of themselves added at random (so a restarted fleet does not retry in lockstep) and
 * stop growing at {@code retry.max-interval}; {@code retry.max-attempts} (0: no limit) bounds them. One Spring
 * {@link RetryPolicy} describes it; the seeds are asked for again before every attempt.
 *
 * <p>With {@code join.fail-fast} Spring's {@link RetryTemplate} runs the attempts on the starting thread and
 * startup fails when they are used up. Otherwise attempts run in the background on the starter's
 * {@link TaskScheduler}, each scheduled after the policy's next backoff: a {@code RetryTemplate} would hold
 * a thread asleep and keep every failure of an unbounded retry in memory. The first failure is a WARN; then
 * one WARN with the attempt count every {@code reportEvery} while it lasts, the rest at DEBUG.
 */
final class SeedJoin {
    private static final Logger log = LoggerFactory.getLogger(SeedJoin.class);

    /** What the lifecycle learns from the join. */
    interface Outcome {
        void joined();

        void failed(String reason);
    }

    private final Memberlist memberlist;
    private final SeedProvider seeds;
    private final MemberlistProperties.Retry retry;
    private final TaskScheduler scheduler;
    private final Duration reportEvery;
    private final Outcome outcome;
    private volatile ScheduledFuture<?> next;
    private volatile boolean cancelled;

    SeedJoin(Memberlist memberlist, SeedProvider seeds, MemberlistProperties.Retry retry, TaskScheduler scheduler,
             Duration reportEvery, Outcome outcome) {
        this.memberlist = memberlist;
        this.seeds = seeds;
        this.retry = retry;
        this.scheduler = scheduler;
        this.reportEvery = reportEvery;
        this.outcome = outcome;
    }

    /** The backoff of both paths; a taken node name is never retried (the other node keeps it). */
    static RetryPolicy policy(MemberlistProperties.Retry retry, int attempts) {
        return RetryPolicy.builder().delay(retry.getInterval()).multiplier(2)
                .jitter(retry.getInterval().dividedBy(2)).maxDelay(retry.getMaxInterval())
                .maxRetries(attempts <= 0 ? Long.MAX_VALUE : attempts - 1L)
                .predicate(e -> !(e instanceof NodeNameTakenException)).build();
    }

    /** Fail-fast: joins before returning, or throws the exception that stops startup. */
    void joinNow() {
        int attempts = Math.max(1, retry.getMaxAttempts());
        RetryTemplate template = new RetryTemplate(policy(retry, attempts));
        template.setRetryListener(new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable error) {
                outcome.failed(error.getMessage());
                log.warn("memberlist: join attempt failed, retrying with backoff: {}", error.getMessage());
            }
        });
        AtomicReference<List<String>> tried = new AtomicReference<>(List.of());
        try {
            Integer count = template.execute(() -> {
                tried.set(seeds.seeds());
                return memberlist.join(tried.get());
            });
            log.info("memberlist node {} joined the cluster through {} seed(s)", name(), count);
            outcome.joined();
        } catch (RetryException e) {
            Throwable cause = e.getLastException() != null ? e.getLastException() : e.getCause();
            outcome.failed(cause.getMessage());
            if (cause instanceof NodeNameTakenException) {
                throw new MemberlistConfigurationException(cause.getMessage(), "Give every instance its own"
                        + " memberlist.node-name, or leave it unset for a unique default.", cause);
            }
            throw new MemberlistConfigurationException("memberlist node " + name() + " could not join the cluster"
                    + " through " + tried.get() + " after " + (e.getRetryCount() + 1) + " attempt(s): "
                    + cause.getMessage(),
                    "Check that memberlist.join.seeds lists running members as host:port (their"
                            + " memberlist.bind-port; a seed without a port means 7946), that the same"
                            + " memberlist.security settings are used, or set memberlist.join.fail-fast=false to"
                            + " start alone and keep retrying.", cause);
        }
    }

    /** Not fail-fast: starts the attempts in the background and returns at once. */
    void joinInBackground() {
        BackOffExecution backOff = policy(retry, retry.getMaxAttempts()).getBackOff().start();
        attempt(1, backOff, System.nanoTime(), System.nanoTime());
    }

    /** Stops retrying (the context closes). */
    void cancel() {
        cancelled = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }

    private void attempt(int attempt, BackOffExecution backOff, long startNanos, long reportedNanos) {
        if (cancelled || memberlist.isShutdown()) {
            return;
        }
        List<String> current;
        try {
            current = seeds.seeds();
        } catch (RuntimeException e) {
            // A provider that fails now (DNS, an API) may answer next time: a failed attempt, not the end.
            failed(attempt, List.of(String.valueOf(seeds)), e, backOff, startNanos, reportedNanos);
            return;
        }
        if (current.isEmpty()) {
            outcome.joined(); // the provider has nobody to join any more: this node starts the cluster
            return;
        }
        // Completes on the engine's event loop: continue elsewhere, never block or publish there.
        memberlist.joinAsync(current).whenCompleteAsync((count, error) -> {
            if (error == null) {
                log.info("memberlist node {} joined the cluster through {} seed(s){}", name(), count,
                        attempt > 1 ? " after " + attempt + " attempts" : "");
                outcome.joined();
            } else {
                failed(attempt, current, error, backOff, startNanos, reportedNanos);
            }
        }, task -> scheduler.schedule(task, Instant.now()));
    }

    private void failed(int attempt, List<String> tried, Throwable error, BackOffExecution backOff, long startNanos,
                        long reportedNanos) {
        outcome.failed(error.getMessage());
        if (error instanceof NodeNameTakenException) {
            log.error("memberlist node {} is not joining: {}. Give every instance its own memberlist.node-name.",
                    name(), error.getMessage());
            return; // retrying cannot help while the other node holds the name
        }
        long wait = backOff.nextBackOff();
        if (wait == BackOffExecution.STOP) {
            log.error("memberlist node {} gave up joining {} after {} attempt(s) and runs ALONE, as a cluster of"
                    + " one: {}", name(), tried, attempt, error.getMessage());
            return;
        }
        long now = System.nanoTime();
        long reported = reportedNanos;
        if (attempt == 1) {
            log.warn("memberlist node {} is ALONE: joining {} failed: {}. Retrying with backoff ({} doubling up to"
                    + " {}); while it fails this is logged again every {}.", name(), tried, error.getMessage(),
                    print(retry.getInterval()), print(retry.getMaxInterval()), print(reportEvery));
            reported = now;
        } else if (now - reportedNanos >= reportEvery.toNanos()) {
            log.warn("memberlist node {} is still ALONE after {} join attempts in {} s; next in {} ms: {}", name(),
                    attempt, Duration.ofNanos(now - startNanos).toSeconds(), wait, error.getMessage());
            reported = now;
        } else {
            log.debug("memberlist: join attempt {} failed, next in {} ms: {}", attempt, wait, error.getMessage());
        }
        long lastReport = reported;
        next = scheduler.schedule(() -> attempt(attempt + 1, backOff, startNanos, lastReport),
                Instant.now().plusMillis(wait));
    }

    private static String print(Duration d) {
        return DurationStyle.SIMPLE.print(d);
    }

    private String name() {
        return memberlist.localNode().name();
    }
}
