package io.memberlist.spring.autoconfigure;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.spring.StarterContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.BackOffExecution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Joining at startup: a seed that is the node itself, port-less seeds, backoff and how failures are logged. */
@ExtendWith(OutputCaptureExtension.class)
class JoinRetryTests {
    private final ApplicationContextRunner runner = StarterContexts.runner();

    @Test
    void failFast_seedThatIsTheNodeItself_failsStartupNamingSeedAndNode() throws java.io.IOException {
        int port = StarterContexts.freePort();
        runner.withPropertyValues("memberlist.bind-port=" + port, "memberlist.node-name=n2",
                "memberlist.join.fail-fast=true", "memberlist.join.seeds=127.0.0.1:" + port).run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis analysis = new MemberlistFailureAnalyzer().analyze(ctx.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("memberlist node n2 could not join the cluster"
                            + " through [127.0.0.1:" + port + "]", "127.0.0.1:" + port + " is this node itself",
                            "this node is n2, advertising 127.0.0.1:" + port);
                });
    }

    @Test
    void failFast_seedWithoutPort_joinsPort7946_notTheNodeItself() throws java.io.IOException {
        int port = StarterContexts.freePort();
        // The random label keeps a stranger listening on 7946 on this machine from answering.
        runner.withPropertyValues("memberlist.bind-port=" + port, "memberlist.join.fail-fast=true",
                "memberlist.join.seeds=127.0.0.1", "memberlist.security.label=" + UUID.randomUUID()).run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("127.0.0.1:7946");
                });
    }

    @Test
    void failFast_retriesThroughSpringsRetryTemplate_askingTheProviderEachTime() {
        AtomicInteger asked = new AtomicInteger();
        runner.withPropertyValues("memberlist.join.fail-fast=true", "memberlist.join.retry.max-attempts=3",
                        "memberlist.join.retry.interval=10ms", "memberlist.join.retry.max-interval=20ms")
                .withBean(SeedProvider.class, () -> () -> {
                    asked.incrementAndGet();
                    return List.of("127.0.0.1:1");
                }).run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis analysis = new MemberlistFailureAnalyzer().analyze(ctx.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("could not join the cluster through"
                            + " [127.0.0.1:1] after 3 attempt(s)");
                    assertThat(analysis.getAction()).contains("a seed without a port means 7946");
                    assertThat(asked).hasValueGreaterThanOrEqualTo(3);
                });
    }

    @Test
    void backoff_startsAtTheInterval_doublesWithJitter_andStopsGrowingAtTheCap() {
        MemberlistProperties.Retry retry = new MemberlistProperties.Retry();
        retry.setInterval(Duration.ofMillis(100));
        retry.setMaxInterval(Duration.ofMillis(400));
        for (int run = 0; run < 200; run++) {
            BackOffExecution backOff = SeedJoin.policy(retry, 0).getBackOff().start();
            List<Long> waits = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                waits.add(backOff.nextBackOff());
            }
            assertThat(waits.get(0)).isBetween(100L, 150L);
            assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(100L, 400L));
            assertThat(waits.subList(2, 12)).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(200L));
        }
        retry.setMaxAttempts(3);
        BackOffExecution bounded = SeedJoin.policy(retry, 3).getBackOff().start();
        bounded.nextBackOff();
        bounded.nextBackOff();
        assertThat(bounded.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }

    @Test
    void backgroundRetries_warnOnceThenOnlyPeriodically(CapturedOutput output) {
        AtomicInteger asked = new AtomicInteger();
        runner.withPropertyValues("memberlist.node-name=lonely", "memberlist.join.retry.interval=20ms",
                        "memberlist.join.retry.max-interval=40ms", "memberlist.join.rejoin-interval=0")
                .withBean(SeedProvider.class, () -> () -> {
                    asked.incrementAndGet();
                    return List.of("127.0.0.1:1");
                }).run(ctx -> {
                    await().atMost(Duration.ofSeconds(20)).until(() -> asked.get() >= 8);
                    assertThat(ctx.getBean(MemberlistLifecycle.class).getLastJoinError()).contains("127.0.0.1:1");
                });
        // asked once for the no-seeds check, then once per attempt: at least 7 failures, one WARN.
        assertThat(output.getOut().lines().filter(l -> l.contains("WARN") && l.contains("join"))).singleElement()
                .asString().contains("memberlist node lonely is ALONE: joining [127.0.0.1:1] failed",
                        "Retrying with backoff (20ms doubling up to 40ms)");
    }

    @Test
    void backgroundRetries_survive_aSeedProviderThatFailsOnce() {
        AtomicInteger asked = new AtomicInteger();
        Memberlist seed = Memberlist.create(Config.local().name("seed").bindAddress("127.0.0.1").bindPort(0).build());
        try {
            runner.withPropertyValues("memberlist.join.retry.interval=20ms", "memberlist.join.rejoin-interval=0")
                    .withBean(SeedProvider.class, () -> () -> {
                        int n = asked.incrementAndGet();
                        if (n == 2) {
                            throw new IllegalStateException("DNS is down");
                        }
                        return List.of(n == 1 ? "127.0.0.1:1" : "127.0.0.1:" + seed.localNode().port());
                    }).run(ctx -> await().atMost(Duration.ofSeconds(20))
                            .until(() -> ctx.getBean(MemberlistLifecycle.class).isJoined()));
        } finally {
            seed.shutdown();
        }
    }

    @Test
    void backgroundRetries_reportTheAttemptCountWhenThePeriodIsUp(CapturedOutput output) throws Exception {
        Memberlist node = Memberlist.create(Config.local().name("counting").bindAddress("127.0.0.1").bindPort(0)
                .build());
        ThreadPoolTaskScheduler scheduler = MemberlistSchedulers.taskScheduler();
        scheduler.initialize();
        MemberlistProperties.Retry retry = new MemberlistProperties.Retry();
        retry.setInterval(Duration.ofMillis(10));
        retry.setMaxInterval(Duration.ofMillis(20));
        retry.setMaxAttempts(4);
        AtomicInteger failures = new AtomicInteger();
        SeedJoin join = new SeedJoin(node, () -> List.of("127.0.0.1:1"), retry, scheduler, Duration.ZERO,
                new SeedJoin.Outcome() {
                    @Override
                    public void joined() {
                    }

                    @Override
                    public void failed(String reason) {
                        failures.incrementAndGet();
                    }
                });
        try {
            join.joinInBackground();
            await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("gave up"));
            assertThat(output.getOut()).contains("memberlist node counting is ALONE: joining [127.0.0.1:1] failed",
                    "memberlist node counting is still ALONE after 2 join attempts",
                    "memberlist node counting is still ALONE after 3 join attempts",
                    "memberlist node counting gave up joining [127.0.0.1:1] after 4 attempt(s) and runs ALONE");
            assertThat(failures).hasValue(4);
        } finally {
            scheduler.shutdown();
            node.shutdown();
        }
    }
}
