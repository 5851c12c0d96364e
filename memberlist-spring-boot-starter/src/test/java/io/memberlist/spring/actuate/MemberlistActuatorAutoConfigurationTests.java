package io.memberlist.spring.actuate;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.spring.StarterContexts;
import io.memberlist.transport.Dropped;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One test per switch of the health indicator, endpoint and metrics. */
class MemberlistActuatorAutoConfigurationTests {
    private final ApplicationContextRunner runner = StarterContexts.runner();

    @Test
    void healthIndicator_upWithDetails() {
        runner.run(ctx -> {
            Health health = ctx.getBean(MemberlistHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKeys("localNode", "members", "healthScore");
        });
    }

    @Test
    void healthIndicatorDisabled_noBean() {
        runner.withPropertyValues("management.health.memberlist.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(MemberlistHealthIndicator.class));
    }

    @Test
    void healthMinMembersNotReached_down() {
        runner.withPropertyValues("memberlist.health.min-members=2").run(ctx -> assertThat(
                ctx.getBean(MemberlistHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN));
    }

    @Test
    void healthScoreAtThreshold_degraded_belowIt_up() {
        runner.withPropertyValues("memberlist.health.degraded-score-threshold=1", "memberlist.probe-interval=100ms",
                "memberlist.probe-timeout=50ms").run(ctx -> {
                    Memberlist self = ctx.getBean(Memberlist.class);
                    MemberlistHealthIndicator indicator = ctx.getBean(MemberlistHealthIndicator.class);
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                    Memberlist peer = Memberlist.create(Config.local().name("peer").bindAddress("127.0.0.1")
                            .bindPort(0).build());
                    peer.join(List.of("127.0.0.1:" + self.localNode().port()));
                    peer.shutdown(); // unanswered probes raise this node's Lifeguard health score
                    await().atMost(Duration.ofSeconds(10)).until(() -> self.healthScore() >= 1);
                    Health health = indicator.health();
                    assertThat(health.getStatus()).isEqualTo(MemberlistHealthIndicator.DEGRADED);
                    // the score may rise further between the two reads
                    assertThat((Integer) health.getDetails().get("healthScore")).isBetween(1, self.healthScore());
                });
    }

    @Test
    void degradedThresholdBelowOne_failsStartup() {
        runner.withPropertyValues("memberlist.health.degraded-score-threshold=0").run(ctx -> assertThat(ctx)
                .hasFailed().getFailure().rootCause().hasMessageContaining("health.degraded-score-threshold")
                .hasMessageContaining("at least 1"));
    }

    @Test
    void endpoint_onlyWhenExposed() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(MemberlistEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=memberlist").run(ctx -> {
            MemberlistEndpoint.Report report = ctx.getBean(MemberlistEndpoint.class).memberlist();
            assertThat(report.members()).hasSize(1);
            assertThat(report.failureDetection().clusterSize()).isEqualTo(1);
            assertThat(report.configuration()).containsKeys("probeInterval", "suspicionMult");
        });
    }

    @Test
    void metrics_boundWhenMicrometerPresent() {
        runner.run(ctx -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(MemberlistMetrics.class).bindTo(registry);
            assertThat(registry.get("memberlist.members").tag("state", "alive").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("memberlist.health.score").gauge().value()).isZero();
        });
    }

    @Test
    void metrics_everyDropReasonAndRefusalIsAMeter() {
        runner.run(ctx -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(MemberlistMetrics.class).bindTo(registry);
            for (Dropped.Reason reason : Dropped.Reason.values()) {
                assertThat(registry.get("memberlist.dropped").tag("reason", reason.counterName()).functionCounter()
                        .count()).as(reason.name()).isZero();
            }
            for (String name : List.of("memberlist.alive.blocked", "memberlist.delegate.failures",
                    "memberlist.broadcasts.refused", "memberlist.tcp.unanswered")) {
                assertThat(registry.get(name).functionCounter().count()).as(name).isZero();
            }
        });
    }

    @Test
    void metrics_sameMeterIdsAfterARestart_noRandomNodeTag() {
        List<Set<Meter.Id>> runs = new ArrayList<>();
        for (int restart = 0; restart < 2; restart++) {
            runner.run(ctx -> {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                ctx.getBean(MemberlistMetrics.class).bindTo(registry);
                runs.add(registry.getMeters().stream().map(Meter::getId).collect(Collectors.toSet()));
                assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("node")).isNull());
            });
        }
        assertThat(runs.get(0)).isNotEmpty().isEqualTo(runs.get(1));
    }

    @Test
    void metrics_taggedWithTheConfiguredNodeNameAndClusterLabel() {
        runner.withPropertyValues("memberlist.node-name=orders-0", "memberlist.security.label=blue").run(ctx -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(MemberlistMetrics.class).bindTo(registry);
            assertThat(registry.get("memberlist.health.score").tags("node", "orders-0", "cluster", "blue").gauge())
                    .isNotNull();
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                    .extracting(Tag::getKey).contains("node", "cluster"));
        });
    }

    @Test
    void withoutMicrometer_noMetrics() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(MemberlistMetrics.class));
    }
}
