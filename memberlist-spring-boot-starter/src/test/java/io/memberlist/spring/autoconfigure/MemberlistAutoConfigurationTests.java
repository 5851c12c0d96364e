package io.memberlist.spring.autoconfigure;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.spring.StarterContexts;
import io.memberlist.spring.event.MembershipEventBridge;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.actuator.HasFeatures;
import org.springframework.cloud.client.actuator.NamedFeature;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MemberlistAutoConfigurationTests {
    private final ApplicationContextRunner runner = StarterContexts.runner();

    @Test
    void defaults_startANodeWithAUniqueName() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(Memberlist.class).hasSingleBean(MemberlistLifecycle.class)
                    .hasSingleBean(MembershipEventBridge.class).hasBean("memberlistFeature");
            Memberlist m = ctx.getBean(Memberlist.class);
            assertThat(m.localNode().name()).startsWith("orders-").matches(".*-[0-9a-f]{8}");
            assertThat(m.localNode().port()).isPositive();
            assertThat(ctx.getBean(MemberlistLifecycle.class).isRunning()).isTrue();
            assertThat(m.config().probeTimeout()).isEqualTo(Config.local().build().probeTimeout());
        });
    }

    @Test
    void memberlistEnabledFalse_startsNothing() {
        runner.withPropertyValues("memberlist.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(Memberlist.class)
                        .doesNotHaveBean(MemberlistLifecycle.class)
                        .doesNotHaveBean(io.memberlist.spring.discovery.ServiceCatalog.class));
    }

    @Test
    void springCloudDiscoveryDisabled_startsNoNode_soNothingIsBound() {
        runner.withPropertyValues("spring.cloud.discovery.enabled=false").run(ctx -> assertThat(ctx).hasNotFailed()
                .doesNotHaveBean(Memberlist.class).doesNotHaveBean(MemberlistLifecycle.class)
                .doesNotHaveBean(MembershipEventBridge.class));
    }

    /** The test recipe of the README: a node of its own, next to a running instance, that neither collides nor joins. */
    @Test
    void testRecipe_ephemeralIsolatedNode_besideARunningInstanceOnTheConfiguredPort() throws Exception {
        int port = StarterContexts.freePort();
        Memberlist local = Memberlist.create(Config.local().name("local-instance").bindAddress("127.0.0.1")
                .bindPort(port).build());
        try {
            // What the application's own config says, then the recipe's overrides (as @SpringBootTest properties).
            runner.withPropertyValues("memberlist.bind-port=" + port, "memberlist.join.seeds=127.0.0.1:" + port)
                    .withPropertyValues("memberlist.bind-address=127.0.0.1", "memberlist.bind-port=0",
                            "memberlist.join.seeds=", "memberlist.join.rejoin-interval=0",
                            "memberlist.security.label=test-" + java.util.UUID.randomUUID())
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        Memberlist node = ctx.getBean(Memberlist.class);
                        assertThat(node.localNode().port()).isNotEqualTo(port);
                        String address = "127.0.0.1:" + node.localNode().port();
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> local.join(List.of(address)))
                                .isInstanceOf(io.memberlist.MemberlistException.class);
                        assertThat(node.numMembers()).isEqualTo(1);
                        assertThat(local.numMembers()).isEqualTo(1);
                    });
        } finally {
            local.shutdown();
        }
    }

    @Test
    void userMemberlistBean_replacesTheStartersOne() {
        runner.withUserConfiguration(OwnNode.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(Memberlist.class);
            assertThat(ctx.getBean(Memberlist.class).localNode().name()).isEqualTo("mine");
        });
    }

    @Test
    void propertiesAndCustomizers_reachTheCoreConfig() {
        runner.withPropertyValues("memberlist.node-name=n1", "memberlist.probe-interval=300ms",
                        "memberlist.probe-timeout=100ms", "memberlist.suspicion-mult=5", "memberlist.gossip-nodes=2",
                        "memberlist.security.label=prod", "memberlist.profile=wan",
                        "memberlist.security.secret-keys=AAECAwQFBgcICQoLDA0ODw==")
                .withBean(MemberlistConfigCustomizer.class, () -> b -> b.indirectChecks(1))
                .run(ctx -> {
                    Config c = ctx.getBean(Memberlist.class).config();
                    assertThat(c.name()).isEqualTo("n1");
                    assertThat(c.probeInterval().toMillis()).isEqualTo(300);
                    assertThat(c.probeTimeout().toMillis()).isEqualTo(100);
                    assertThat(c.suspicionMult()).isEqualTo(5);
                    assertThat(c.gossipNodes()).isEqualTo(2);
                    assertThat(c.label()).isEqualTo("prod");
                    assertThat(c.encryptionEnabled()).isTrue();
                    assertThat(c.indirectChecks()).isEqualTo(1);
                    assertThat(c.tcpTimeout()).isEqualTo(Config.wan().build().tcpTimeout());
                });
    }

    @Test
    void probeTimeoutNotShorterThanInterval_failsNamingBothProperties() {
        runner.withPropertyValues("memberlist.probe-interval=200ms", "memberlist.probe-timeout=500ms")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("memberlist.probe-timeout")
                        .hasMessageContaining("memberlist.probe-interval"));
    }

    @Test
    void badSecretKey_failsSayingHowToMakeOne() {
        runner.withPropertyValues("memberlist.security.secret-keys=c2hvcnQ=")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("16, 24 or 32 bytes").hasMessageContaining("openssl rand"));
    }

    @Test
    void portInUse_isExplainedByTheFailureAnalyzer() {
        runner.run(first -> {
            int port = first.getBean(Memberlist.class).localNode().port();
            runner.withPropertyValues("memberlist.bind-port=" + port).run(second -> {
                assertThat(second).hasFailed();
                FailureAnalysis analysis = new MemberlistFailureAnalyzer().analyze(second.getStartupFailure());
                assertThat(analysis.getDescription()).contains("cannot listen on 127.0.0.1:" + port);
                assertThat(analysis.getAction()).contains("memberlist.bind-port");
            });
        });
    }

    @Test
    void featuresEndpoint_listsMemberlist() {
        runner.run(ctx -> assertThat(ctx.getBean("memberlistFeature", HasFeatures.class).getNamedFeatures())
                .extracting(NamedFeature::getName, NamedFeature::getType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Memberlist", Memberlist.class)));
    }

    @Test
    void nodeNameTakenInTheCluster_failFastJoinFailsWithAnalyzerMessage() {
        Memberlist taken = Memberlist.create(Config.local().name("orders-1").bindAddress("127.0.0.1").bindPort(0)
                .build());
        try {
            runner.withPropertyValues("memberlist.node-name=orders-1", "memberlist.join.fail-fast=true",
                    "memberlist.join.seeds=127.0.0.1:" + taken.localNode().port()).run(ctx -> {
                        assertThat(ctx).hasFailed();
                        FailureAnalysis analysis = new MemberlistFailureAnalyzer().analyze(ctx.getStartupFailure());
                        assertThat(analysis.getDescription()).contains("another node named 'orders-1' is already"
                                + " a member, at 127.0.0.1:" + taken.localNode().port());
                        assertThat(analysis.getAction()).contains("memberlist.node-name");
                    });
        } finally {
            taken.shutdown();
        }
    }

    @Test
    void customSeedProvider_isWhatTheNodeJoins() {
        Memberlist seed = Memberlist.create(Config.local().name("seed").bindAddress("127.0.0.1").bindPort(0).build());
        try {
            // Retries: on a loaded machine one push/pull may miss the local profile's 1 s TCP timeout.
            runner.withPropertyValues("memberlist.join.fail-fast=true", "memberlist.join.retry.max-attempts=5",
                            "memberlist.join.retry.interval=100ms")
                    .withBean(SeedProvider.class, () -> () -> List.of("127.0.0.1:" + seed.localNode().port()))
                    .run(ctx -> assertThat(ctx.getBean(Memberlist.class).numMembers()).isEqualTo(2));
        } finally {
            seed.shutdown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnNode {
        @Bean(destroyMethod = "shutdown")
        Memberlist memberlist() {
            return Memberlist.create(Config.local().name("mine").bindAddress("127.0.0.1").bindPort(0).build());
        }
    }
}
