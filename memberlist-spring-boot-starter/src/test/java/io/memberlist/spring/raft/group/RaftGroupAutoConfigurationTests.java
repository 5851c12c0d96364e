package io.memberlist.spring.raft.group;

import io.memberlist.Memberlist;
import io.memberlist.spring.StarterContexts;
import io.memberlist.spring.autoconfigure.MemberlistConfigurationException;
import io.memberlist.spring.autoconfigure.MemberlistFailureAnalyzerAccess;
import io.memberlist.spring.discovery.InstanceMeta;
import io.memberlist.spring.serviceregistry.MemberlistRegistration;
import org.apache.ratis.statemachine.StateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RaftGroupAutoConfigurationTests {
    private final ApplicationContextRunner runner = StarterContexts.runner()
            .withConfiguration(AutoConfigurations.of(RaftGroupAutoConfiguration.class));

    @TempDir
    Path storage;

    @Test
    void notEnabled_noRaftBeanAndTheMetaIsUnchanged() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(RaftGroupNode.class)
                    .doesNotHaveBean(RaftGroupSettings.class).doesNotHaveBean(RaftGroupProperties.class);
            assertThat(ctx.getBean(MemberlistRegistration.class).getMeta().metadata())
                    .doesNotContainKey(RaftAddress.META_KEY);
        });
    }

    @Test
    void enabledWithoutRatis_startupFailsNamingTheDependencies() {
        runner.withClassLoader(new FilteredClassLoader("org.apache.ratis"))
                .withPropertyValues("memberlist.raft.enabled=true").run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis analysis = MemberlistFailureAnalyzerAccess.analyze(ctx.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("memberlist.raft.enabled is true")
                            .contains("org.apache.ratis:ratis-server");
                    assertThat(analysis.getAction()).contains("org.apache.ratis:ratis-server",
                            "org.apache.ratis:ratis-grpc", "org.apache.ratis:ratis-metrics-default",
                            "memberlist.raft.enabled=false");
                });
    }

    @Test
    void enabledWithoutAStateMachine_startupFailsSayingWhatToDefine() {
        runner.withPropertyValues("memberlist.raft.enabled=true", "memberlist.raft.storage-dir=" + storage)
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(MemberlistConfigurationException.class)
                            .hasMessageContaining("StateMachine");
                });
    }

    @Test
    void enabled_advertisesTheRaftAddressAndASingleVoterLeads() {
        runner.withBean(StateMachine.class, CounterStateMachine::new)
                .withPropertyValues("memberlist.raft.enabled=true", "memberlist.raft.voters=1",
                        "memberlist.raft.storage-dir=" + storage, "memberlist.raft.election-timeout-min=300ms",
                        "memberlist.raft.election-timeout-max=600ms")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    RaftGroupNode node = ctx.getBean(RaftGroupNode.class);
                    RaftGroupSettings settings = ctx.getBean(RaftGroupSettings.class);
                    Memberlist memberlist = ctx.getBean(Memberlist.class);
                    String advertised = RaftAddress.format(settings.host(), settings.port());
                    // Advertised on start, without waiting for a web server to register the instance.
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(InstanceMeta.decode(
                            memberlist.localNode().meta())).hasValueSatisfying(meta -> assertThat(meta.metadata())
                            .containsEntry(RaftAddress.META_KEY, advertised)));
                    assertThat(settings.port()).isPositive();
                    // Listens on memberlist's bind address only, not on every interface (Ratis reports the
                    // wildcard whatever it binds, so ask the kernel).
                    assertThat(ListeningSockets.localAddresses(settings.port())).containsExactly("127.0.0.1");
                    assertThat(Files.readString(storage.resolve(StoredPort.FILE))).isEqualTo(
                            Integer.toString(settings.port()));
                    assertThat(settings.cluster()).isEqualTo("orders");
                    await().atMost(Duration.ofSeconds(30)).until(() -> node.status().isLeader());
                    assertThat(node.status().voters()).containsExactly(memberlist.localNode().name());
                });
    }

    /** Ratis would end the JVM when it cannot bind; the application must fail to start instead, saying why. */
    @Test
    void raftPortHeldByAnotherProcess_failsStartupNamingThePortAndTheProperty() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            runner.withBean(StateMachine.class, CounterStateMachine::new)
                    .withPropertyValues("memberlist.raft.enabled=true", "memberlist.raft.voters=1",
                            "memberlist.raft.storage-dir=" + storage, "memberlist.raft.port=" + taken.getLocalPort())
                    .run(ctx -> {
                        assertThat(ctx).hasFailed();
                        MemberlistConfigurationException failure = findCause(ctx.getStartupFailure(),
                                MemberlistConfigurationException.class);
                        assertThat(failure.getMessage()).contains("127.0.0.1:" + taken.getLocalPort())
                                .contains("is in use");
                        assertThat(failure.getAction()).contains("memberlist.raft.port");
                    });
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "memberlist.raft.voters               | 2     | memberlist.raft.voters               | must be odd",
            "memberlist.raft.voters               | 0     | memberlist.raft.voters               | at least 1",
            "memberlist.raft.port                 | 70000 | memberlist.raft.port                 | 65535",
            "memberlist.raft.dead-voter-grace     | 0s    | memberlist.raft.dead-voter-grace     | positive duration",
            "memberlist.raft.request-timeout      | -1s   | memberlist.raft.request-timeout      | positive duration",
            "memberlist.raft.election-timeout-max | 500ms | memberlist.raft.election-timeout-max | longer than memberlist.raft.election-timeout-min",
            "memberlist.raft.storage-dir          | ' '   | memberlist.raft.storage-dir          | must not be blank"})
    void invalidValue_reportedUnderItsKebabCaseProperty(String property, String value, String reported,
                                                        String advice) {
        runner.withPropertyValues("memberlist.raft.enabled=true", property + "=" + value).run(ctx -> {
            assertThat(ctx).hasFailed();
            BindValidationException bind = findCause(ctx.getStartupFailure(), BindValidationException.class);
            List<String> fields = bind.getValidationErrors().getAllErrors().stream()
                    .map(e -> e.getObjectName() + "." + ((FieldError) e).getField()).toList();
            assertThat(fields).containsExactly(reported);
            assertThat(bind.getValidationErrors().getAllErrors().get(0).getDefaultMessage()).contains(advice)
                    .doesNotContainPattern("[a-z][A-Z]");
        });
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + t);
    }
}
