package io.memberlist.spring.event;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.spring.StarterContexts;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.cloud.gateway.route.RouteRefreshListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud Gateway's own {@link RouteRefreshListener} (spring-cloud-gateway-server-webflux 5.0.3, test
 * scope) rebuilds routes when a peer joins, changes its meta or leaves, and never while membership is steady
 * (gateway#1427, #2958: a heartbeat value that always changes rebuilds every route every 30 s).
 */
class GatewayRouteRefreshTests {

    @Test
    void routesRefreshOnMembershipChange_andNeverOtherwise() {
        StarterContexts.runner()
                .withPropertyValues("memberlist.events.heartbeat-min-interval=100ms", "memberlist.probe-interval=200ms",
                        "memberlist.probe-timeout=100ms", "memberlist.gossip-interval=50ms")
                .withUserConfiguration(Gateway.class).run(ctx -> {
                    AtomicInteger refreshes = ctx.getBean(RefreshCounter.class).count;
                    Memberlist self = ctx.getBean(Memberlist.class);
                    int atStart = steady(refreshes); // context refresh, the node's own join
                    Memberlist peer = Memberlist.create(Config.local().name("peer").bindAddress("127.0.0.1")
                            .bindPort(0).probeInterval(Duration.ofMillis(200)).probeTimeout(Duration.ofMillis(100))
                            .build());
                    try {
                        peer.join(List.of("127.0.0.1:" + self.localNode().port()));
                        await().atMost(Duration.ofSeconds(3)).until(() -> refreshes.get() > atStart);
                        int joined = steady(refreshes);
                        Thread.sleep(1_500); // 7 probe rounds, gossip and push/pull: no change, no refresh
                        assertThat(refreshes.get()).isEqualTo(joined);

                        peer.updateMetaAsync("v2".getBytes(StandardCharsets.UTF_8));
                        await().atMost(Duration.ofSeconds(3)).until(() -> refreshes.get() > joined);
                        int updated = steady(refreshes);

                        peer.leave(Duration.ofSeconds(2));
                        await().atMost(Duration.ofSeconds(3)).until(() -> refreshes.get() > updated);
                    } finally {
                        peer.shutdown();
                    }
                });
    }

    /** Waits until no refresh arrived for 500 ms; returns the count. */
    private static int steady(AtomicInteger refreshes) {
        int[] last = {-1};
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            int now = refreshes.get();
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
        return last[0];
    }

    @Configuration(proxyBeanMethods = false)
    static class Gateway {
        @Bean
        RouteRefreshListener routeRefreshListener(ApplicationEventPublisher publisher) {
            return new RouteRefreshListener(publisher);
        }

        @Bean
        RefreshCounter refreshCounter() {
            return new RefreshCounter();
        }
    }

    static class RefreshCounter implements ApplicationListener<RefreshRoutesEvent> {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void onApplicationEvent(RefreshRoutesEvent event) {
            count.incrementAndGet();
        }
    }
}
