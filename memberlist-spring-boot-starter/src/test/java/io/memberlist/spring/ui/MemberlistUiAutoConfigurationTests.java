package io.memberlist.spring.ui;

import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.delegate.PingDelegate;
import io.memberlist.spring.StarterContexts;
import io.memberlist.spring.autoconfigure.MemberlistConfigCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code memberlist.ui.enabled} switch, and the configurations where the view cannot work. */
class MemberlistUiAutoConfigurationTests {
    private static final String EXPOSE = "management.endpoints.web.exposure.include=memberlist";

    private final ApplicationContextRunner plain = StarterContexts.runner()
            .withConfiguration(AutoConfigurations.of(MemberlistUiAutoConfiguration.class));

    private WebApplicationContextRunner web() {
        return StarterContexts.webRunner().withConfiguration(AutoConfigurations.of(MemberlistUiAutoConfiguration.class));
    }

    @Test
    void offByDefault_noViewNoRoundTripTimes() {
        web().withPropertyValues(EXPOSE).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(Memberlist.class);
            assertThat(ctx).doesNotHaveBean(LiveView.class).doesNotHaveBean(RoundTripTimes.class);
            assertThat(ctx.getBean(Memberlist.class).config().ping()).isNull();
        });
    }

    @Test
    void enabled_servletAppWithEndpointExposed_followsTheCluster() {
        web().withPropertyValues(EXPOSE, "memberlist.ui.enabled=true").run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(LiveView.class);
            assertThat(ctx.getBean(Memberlist.class).config().ping()).isSameAs(ctx.getBean(RoundTripTimes.class));
        });
    }

    @Test
    void enabled_endpointNotExposed_failsSayingWhatToExpose() {
        web().withPropertyValues("memberlist.ui.enabled=true").run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("memberlist actuator endpoint is not available"));
    }

    @Test
    void enabled_notAServletApp_failsSayingSo() {
        plain.withPropertyValues(EXPOSE, "memberlist.ui.enabled=true").run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("not a Spring MVC (servlet) web application"));
    }

    @Test
    void timelineSizeOutOfRange_fails() {
        web().withPropertyValues(EXPOSE, "memberlist.ui.enabled=true", "memberlist.ui.timeline-size=0")
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("memberlist.ui.timeline-size is 0"));
    }

    @Test
    void applicationPingDelegate_keepsGettingCalls_behindTheRoundTripTimes() {
        web().withPropertyValues(EXPOSE, "memberlist.ui.enabled=true").withUserConfiguration(UserPing.class)
                .run(ctx -> {
                    RoundTripTimes rtts = ctx.getBean(RoundTripTimes.class);
                    Node peer = ctx.getBean(Memberlist.class).localNode();
                    ctx.getBean(Memberlist.class).config().ping().notifyPingComplete(peer, Duration.ofMillis(3),
                            new byte[0]);
                    assertThat(rtts.lastMillis(peer.name())).isEqualTo(3.0);
                    assertThat(UserPing.calls).contains(peer.name());
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserPing {
        static final List<String> calls = new CopyOnWriteArrayList<>();

        @Bean
        MemberlistConfigCustomizer userPing() {
            return b -> b.ping(new PingDelegate() {
                @Override
                public void notifyPingComplete(Node node, Duration rtt, byte[] payload) {
                    calls.add(node.name());
                }
            });
        }
    }
}
