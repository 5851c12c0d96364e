package io.memberlist.spring.join;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.spring.StarterContexts;
import io.memberlist.spring.autoconfigure.SeedProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One test per switch of seeds and rejoin, plus rejoin healing two clusters that do not know each other. */
class MemberlistJoinAutoConfigurationTests {
    private final ApplicationContextRunner runner = StarterContexts.runner();

    @Test
    void defaults_staticSeedsAndRejoin() {
        runner.withPropertyValues("memberlist.join.seeds=127.0.0.1:1").run(ctx -> {
            assertThat(ctx).hasSingleBean(SeedRejoin.class).getBean(SeedProvider.class)
                    .isInstanceOf(StaticSeedProvider.class);
            assertThat(ctx.getBean(SeedProvider.class).seeds()).containsExactly("127.0.0.1:1");
            assertThat(ctx.getBean(SeedRejoin.class).isRunning()).isTrue();
        });
    }

    @Test
    void rejoinIntervalZero_noRejoin() {
        runner.withPropertyValues("memberlist.join.rejoin-interval=0")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(SeedRejoin.class).hasSingleBean(SeedProvider.class));
    }

    @Test
    void negativeRejoinInterval_failsStartup() {
        runner.withPropertyValues("memberlist.join.rejoin-interval=-1s").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("0 turns rejoining off"));
    }

    @Test
    void onKubernetes_headlessServiceOfTheApplicationInItsNamespace() {
        runner.withPropertyValues("spring.main.cloud-platform=kubernetes", "memberlist.join.kubernetes.namespace=shop",
                        "memberlist.join.fail-fast=false", "memberlist.join.retry.max-attempts=1",
                        "memberlist.join.rejoin-interval=0")
                .run(ctx -> assertThat(ctx.getBean(SeedProvider.class).seeds())
                        .containsExactly("orders.shop.svc:7946"));
    }

    @Test
    void onKubernetes_configuredSeedsWin() {
        runner.withPropertyValues("spring.main.cloud-platform=kubernetes", "memberlist.join.seeds=127.0.0.1:1",
                        "memberlist.join.retry.max-attempts=1")
                .run(ctx -> assertThat(ctx.getBean(SeedProvider.class)).isInstanceOf(KubernetesSeedProvider.class)
                        .extracting(SeedProvider::seeds).asList().containsExactly("127.0.0.1:1"));
    }

    @Test
    void notOnKubernetes_noServiceSeed() {
        runner.run(ctx -> assertThat(ctx.getBean(SeedProvider.class).seeds()).isEmpty());
    }

    @Test
    void rejoin_joinsSeedsThatAreNotMembers_askingTheProviderEachTime() {
        AtomicReference<List<String>> seeds = new AtomicReference<>(List.of());
        Memberlist other = Memberlist.create(Config.local().name("other").bindAddress("127.0.0.1").bindPort(0)
                .build());
        try {
            runner.withPropertyValues("memberlist.join.rejoin-interval=200ms")
                    .withBean(SeedProvider.class, () -> seeds::get).run(ctx -> {
                        Memberlist self = ctx.getBean(Memberlist.class);
                        Thread.sleep(500);
                        assertThat(self.numMembers()).isEqualTo(1); // two clusters of one, unaware of each other
                        seeds.set(List.of("127.0.0.1:" + other.localNode().port(),
                                "127.0.0.1:" + self.localNode().port()));
                        await().atMost(Duration.ofSeconds(5)).until(() -> self.numMembers() == 2
                                && other.numMembers() == 2);
                        long attempts = ctx.getBean(SeedRejoin.class).getRejoins();
                        Thread.sleep(600); // every seed is a member now (itself included): nothing to do
                        assertThat(ctx.getBean(SeedRejoin.class).getRejoins()).isEqualTo(attempts);
                    });
        } finally {
            other.shutdown();
        }
    }
}
