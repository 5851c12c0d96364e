package io.memberlist.spring.actuate;

import io.memberlist.spring.StarterContexts;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

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
    void withoutMicrometer_noMetrics() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(MemberlistMetrics.class));
    }
}
