package io.memberlist.spring.raft.actuate;

import io.memberlist.Memberlist;
import io.memberlist.spring.StarterContexts;
import io.memberlist.spring.actuate.MemberlistEndpoint;
import io.memberlist.spring.actuate.MemberlistRaftSection;
import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.autoconfigure.RaftAutoConfiguration;
import io.memberlist.spring.raft.builtin.ReplicatedCounter;
import io.memberlist.spring.raft.group.RaftGroupAutoConfiguration;
import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.group.RaftRole;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The raft actuator against a real single-voter group (it forms alone in about one election timeout), and its
 * absence when raft is off. Bounds are generous multiples of the election timeouts set here.
 */
class RaftActuatorAutoConfigurationTests {
    private static final Duration FORMATION = Duration.ofSeconds(30);
    private static final List<String> REPORT_KEYS = List.of("localNode", "members", "counts", "healthScore",
            "membershipVersion", "failureDetection", "configuration");

    private final ApplicationContextRunner runner = StarterContexts.runner()
            .withConfiguration(AutoConfigurations.of(RaftGroupAutoConfiguration.class, RaftAutoConfiguration.class,
                    RaftActuatorAutoConfiguration.class, JacksonEndpointAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=memberlist");

    @TempDir
    Path storage;

    private ApplicationContextRunner raftOn() {
        return runner.withPropertyValues("memberlist.raft.enabled=true", "memberlist.raft.voters=1",
                "memberlist.raft.storage-dir=" + storage, "memberlist.raft.election-timeout-min=300ms",
                "memberlist.raft.election-timeout-max=600ms");
    }

    @Test
    void raftOff_noRaftBean_andTheEndpointJsonHasExactlyItsKeysOfBefore() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(RaftGroupNode.class).doesNotHaveBean(LeaderWatch.class)
                    .doesNotHaveBean(MemberlistRaftSection.class).doesNotHaveBean(RaftHealthIndicator.class)
                    .doesNotHaveBean(RaftMetrics.class).doesNotHaveBean(CommandTimer.class);
            MemberlistEndpoint.Report report = ctx.getBean(MemberlistEndpoint.class).memberlist();
            assertThat(report.raft()).isNull();
            JsonMapper endpointMapper = ctx.getBean(EndpointJsonMapper.class).get();
            assertThat(fieldNames(endpointMapper.valueToTree(report))).containsExactlyElementsOf(REPORT_KEYS);
            // and with a mapper that writes nulls, as an application's own may
            assertThat(fieldNames(JsonMapper.builder().build().valueToTree(report)))
                    .containsExactlyElementsOf(REPORT_KEYS);
        });
    }

    @Test
    void raftOn_theSectionHealthAndMetricsFollowCommands() {
        raftOn().run(ctx -> {
            assertThat(ctx).hasNotFailed();
            RaftGroupNode node = ctx.getBean(RaftGroupNode.class);
            await().atMost(FORMATION).until(() -> node.status().isLeader());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            List<DistributionStatisticConfig> timerConfigs = new CopyOnWriteArrayList<>();
            registry.config().meterFilter(new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    if (id.getName().equals("memberlist.raft.commands")) {
                        timerConfigs.add(config);
                    }
                    return config;
                }
            });
            ctx.getBean(RaftMetrics.class).bindTo(registry);
            RaftSection.Report before = (RaftSection.Report) ctx.getBean(MemberlistEndpoint.class).memberlist().raft();

            new ReplicatedCounter(ctx.getBean(RaftOperations.class), "visits").incrementAndGet()
                    .get(FORMATION.toSeconds(), TimeUnit.SECONDS);

            String name = ctx.getBean(Memberlist.class).localNode().name();
            MemberlistEndpoint.Report report = ctx.getBean(MemberlistEndpoint.class).memberlist();
            RaftSection.Report raft = (RaftSection.Report) report.raft();
            assertThat(raft.role()).isEqualTo(RaftRole.LEADER);
            assertThat(raft.leader()).isEqualTo(name);
            assertThat(raft.voters()).containsExactly(name);
            assertThat(raft.term()).isPositive();
            assertThat(raft.commitIndex()).isGreaterThan(before.commitIndex());
            assertThat(raft.appliedIndex()).isGreaterThanOrEqualTo(before.appliedIndex() + 1);
            assertThat(raft.joined()).isEqualTo(RaftGroupNode.Joined.BOOTSTRAPPED);
            assertThat(raft.storageDir()).isEqualTo(storage.toAbsolutePath().toString());
            assertThat(raft.leaderChanges()).isEqualTo(1);
            assertThat(raft.leaderUnknownFor()).isNull();
            JsonNode json = ctx.getBean(EndpointJsonMapper.class).get().valueToTree(report);
            assertThat(fieldNames(json)).containsExactlyElementsOf(Stream.concat(REPORT_KEYS.stream(), Stream.of("raft"))
                    .toList());

            Timer ok = registry.get("memberlist.raft.commands").tag("outcome", "success").timer();
            await().atMost(FORMATION).until(() -> ok.count() == 1);
            assertThat(timerConfigs).as("percentile histogram published").isNotEmpty()
                    .allSatisfy(c -> assertThat(c.isPercentileHistogram()).isTrue());
            assertThat(registry.get("memberlist.raft.leader").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("memberlist.raft.leader.changes").functionCounter().count()).isEqualTo(1.0);
            // Read later than the report: Ratis may have committed an entry of its own since (never fewer).
            assertThat(registry.get("memberlist.raft.commit.index").gauge().value())
                    .isGreaterThanOrEqualTo((double) raft.commitIndex());
            assertThat(registry.get("memberlist.raft.applied.index").gauge().value()).isPositive();
            assertThat(registry.get("memberlist.raft.apply.failures").functionCounter().count()).isZero();
            assertThat(registry.get("memberlist.raft.queries.stale").functionCounter().count()).isZero();

            // Boot registers it under the bean name without its suffix
            Health health = ((RaftHealthIndicator) ctx.getBean(HealthContributorRegistry.class)
                    .getContributor("memberlistRaft")).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("leader", name).containsEntry("role", RaftRole.LEADER)
                    .containsEntry("voters", List.of(name));

            // a command the host rejects is timed as a failure
            RaftOperations operations = ctx.getBean(RaftOperations.class);
            assertThat(operations).isInstanceOf(TimedRaftOperations.class);
            assertThat(operations.command("no-such-machine", new byte[0])).failsWithin(FORMATION);
            Timer failed = registry.get("memberlist.raft.commands").tag("outcome", "failure").timer();
            await().atMost(FORMATION).until(() -> failed.count() == 1);
            assertThat(ok.count()).isEqualTo(1);
        });
    }

    @Test
    void raftOn_waitingForTheOtherVoters_unknownNotDown_andNoIndexesYet() {
        raftOn().withPropertyValues("memberlist.raft.voters=3").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            Health health = ctx.getBean(RaftHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat((String) health.getDetails().get("reason")).contains("not formed yet", "3 raft member(s)");
            RaftSection.Report raft = (RaftSection.Report) ctx.getBean(MemberlistEndpoint.class).memberlist().raft();
            assertThat(raft.role()).isEqualTo(RaftRole.UNFORMED);
            assertThat(raft.joined()).isEqualTo(RaftGroupNode.Joined.NOT_YET);
            assertThat(raft.commitIndex()).isNull();
            assertThat(raft.leaderUnknownFor()).isNull();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(RaftMetrics.class).bindTo(registry);
            assertThat(registry.get("memberlist.raft.commit.index").gauge().value()).isNaN();
            assertThat(registry.get("memberlist.raft.leader").gauge().value()).isZero();
        });
    }

    @Test
    void raftOn_healthIndicatorSwitchedOff_noIndicator() {
        raftOn().withPropertyValues("management.health.memberlist-raft.enabled=false").run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(RaftHealthIndicator.class).hasSingleBean(RaftSection.class);
            assertThat(ctx.getBean(HealthContributorRegistry.class).getContributor("memberlistRaft")).isNull();
        });
    }

    @Test
    void raftOn_withoutMicrometer_noMetricsAndCommandsUntimed() {
        raftOn().withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(RaftMetrics.class).doesNotHaveBean(CommandTimer.class)
                    .hasSingleBean(RaftHealthIndicator.class);
            assertThat(ctx.getBean(RaftOperations.class)).isNotInstanceOf(TimedRaftOperations.class);
        });
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
