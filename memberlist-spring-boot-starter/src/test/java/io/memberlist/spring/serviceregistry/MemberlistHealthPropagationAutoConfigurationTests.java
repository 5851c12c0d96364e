package io.memberlist.spring.serviceregistry;

import io.memberlist.Memberlist;
import io.memberlist.spring.StarterContexts;
import io.memberlist.spring.discovery.InstanceMeta;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The health-propagation switch, the status mapping, groups, and who owns the status. */
class MemberlistHealthPropagationAutoConfigurationTests {
    private final AtomicReference<Status> app = new AtomicReference<>(Status.UP);
    private final AtomicReference<Status> other = new AtomicReference<>(Status.UP);
    private final ApplicationContextRunner runner = StarterContexts.runner()
            .withConfiguration(AutoConfigurations.of(MemberlistHealthPropagationAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                    HealthEndpointAutoConfiguration.class))
            .withBean("appHealthIndicator", HealthIndicator.class, () -> () -> Health.status(app.get()).build())
            .withBean("otherHealthIndicator", HealthIndicator.class, () -> () -> Health.status(other.get()).build());

    @Test
    void byDefault_off() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(HealthStatusPropagation.class));
    }

    @Test
    void enabled_advertisesDownAndBackUp_asGossipedMeta() {
        runner.withPropertyValues("memberlist.discovery.health-propagation.enabled=true",
                "memberlist.discovery.health-propagation.interval=100ms").run(ctx -> {
                    MemberlistRegistration registration = registered(ctx.getBean(MemberlistServiceRegistry.class),
                            ctx.getBean(MemberlistRegistration.class));
                    Memberlist memberlist = ctx.getBean(Memberlist.class);
                    app.set(Status.DOWN);
                    await().atMost(Duration.ofSeconds(3)).until(() -> advertised(memberlist).equals("DOWN"));
                    assertThat(registration.getStatus()).isEqualTo("DOWN");
                    app.set(Status.UP);
                    await().atMost(Duration.ofSeconds(3)).until(() -> advertised(memberlist).equals("UP"));
                });
    }

    @Test
    void group_onlyItsContributorsCount() {
        runner.withPropertyValues("memberlist.discovery.health-propagation.enabled=true",
                "memberlist.discovery.health-propagation.group=traffic",
                "management.endpoint.health.group.traffic.include=app").run(ctx -> {
                    HealthStatusPropagation propagation = ctx.getBean(HealthStatusPropagation.class);
                    registered(ctx.getBean(MemberlistServiceRegistry.class), ctx.getBean(MemberlistRegistration.class));
                    other.set(Status.DOWN);
                    assertThat(propagation.propagate()).isEqualTo("UP");
                    app.set(Status.OUT_OF_SERVICE);
                    assertThat(propagation.propagate()).isEqualTo("OUT_OF_SERVICE");
                });
    }

    @Test
    void unknownGroup_failsStartupNamingTheProperty() {
        runner.withPropertyValues("memberlist.discovery.health-propagation.enabled=true",
                "memberlist.discovery.health-propagation.group=nope").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("memberlist.discovery.health-propagation.group")
                .hasMessageContaining("'nope'"));
    }

    @Test
    void zeroInterval_failsStartup() {
        runner.withPropertyValues("memberlist.discovery.health-propagation.enabled=true",
                "memberlist.discovery.health-propagation.interval=0s").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("healthPropagation.interval"));
    }

    @Test
    void statusSetByAnOperator_winsUntilSetBackToUp() {
        runner.withPropertyValues("memberlist.discovery.health-propagation.enabled=true").run(ctx -> {
            HealthStatusPropagation propagation = ctx.getBean(HealthStatusPropagation.class);
            MemberlistServiceRegistry registry = ctx.getBean(MemberlistServiceRegistry.class);
            MemberlistRegistration registration = ctx.getBean(MemberlistRegistration.class);
            assertThat(propagation.propagate()).as("not registered yet").isEqualTo("STARTING");
            registered(registry, registration);
            registry.setStatus(registration, "OUT_OF_SERVICE"); // e.g. POST /actuator/serviceregistry
            app.set(Status.DOWN);
            assertThat(propagation.propagate()).isEqualTo("OUT_OF_SERVICE");
            app.set(Status.UP);
            assertThat(propagation.propagate()).isEqualTo("OUT_OF_SERVICE");
            registry.setStatus(registration, "UP");
            app.set(Status.DOWN);
            assertThat(propagation.propagate()).isEqualTo("DOWN");
        });
    }

    @Test
    void statusMapping_downAndOutOfServiceKept_everythingElseUp() {
        assertThat(HealthStatusPropagation.statusFor("DOWN")).isEqualTo("DOWN");
        assertThat(HealthStatusPropagation.statusFor("OUT_OF_SERVICE")).isEqualTo("OUT_OF_SERVICE");
        assertThat(HealthStatusPropagation.statusFor("UP")).isEqualTo("UP");
        assertThat(HealthStatusPropagation.statusFor("UNKNOWN")).isEqualTo("UP");
        assertThat(HealthStatusPropagation.statusFor("DEGRADED")).isEqualTo("UP");
    }

    /** Registers as auto-registration would once the web server runs (there is none here). */
    private static MemberlistRegistration registered(MemberlistServiceRegistry registry,
                                                     MemberlistRegistration registration) {
        registration.setPort(8080);
        registry.register(registration);
        return registration;
    }

    private static String advertised(Memberlist memberlist) {
        return InstanceMeta.decode(memberlist.localNode().meta()).map(InstanceMeta::status).orElse("none");
    }
}
