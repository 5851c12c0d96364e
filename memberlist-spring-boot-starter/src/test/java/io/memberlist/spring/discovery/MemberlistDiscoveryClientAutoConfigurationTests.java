package io.memberlist.spring.discovery;

import io.memberlist.spring.StarterContexts;
import io.memberlist.spring.discovery.reactive.MemberlistReactiveDiscoveryClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClient;
import org.springframework.cloud.client.discovery.health.reactive.ReactiveDiscoveryClientHealthIndicator;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per switch of the discovery clients. */
class MemberlistDiscoveryClientAutoConfigurationTests {
    private final ApplicationContextRunner runner = StarterContexts.runner();

    @Test
    void defaults_blockingAndReactiveClientsInTheComposite() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(MemberlistDiscoveryClient.class)
                    .hasSingleBean(MemberlistReactiveDiscoveryClient.class).hasSingleBean(ServiceCatalog.class)
                    .hasSingleBean(ReactiveDiscoveryClientHealthIndicator.class);
            CompositeDiscoveryClient composite = ctx.getBean(CompositeDiscoveryClient.class);
            assertThat(composite.getDiscoveryClients()).hasAtLeastOneElementOfType(MemberlistDiscoveryClient.class);
        });
    }

    @Test
    void springCloudDiscoveryEnabledFalse_noClients() {
        runner.withPropertyValues("spring.cloud.discovery.enabled=false").run(ctx -> assertThat(ctx)
                .doesNotHaveBean(MemberlistDiscoveryClient.class).doesNotHaveBean(MemberlistReactiveDiscoveryClient.class));
    }

    @Test
    void blockingDiscoveryDisabled_onlyReactiveClient() {
        runner.withPropertyValues("spring.cloud.discovery.blocking.enabled=false").run(ctx -> assertThat(ctx)
                .doesNotHaveBean(MemberlistDiscoveryClient.class).hasSingleBean(MemberlistReactiveDiscoveryClient.class));
    }

    @Test
    void reactiveDiscoveryDisabled_onlyBlockingClient() {
        runner.withPropertyValues("spring.cloud.discovery.reactive.enabled=false").run(ctx -> assertThat(ctx)
                .hasSingleBean(MemberlistDiscoveryClient.class).doesNotHaveBean(MemberlistReactiveDiscoveryClient.class));
    }

    @Test
    void withoutReactor_noReactiveClient() {
        runner.withClassLoader(new FilteredClassLoader(Flux.class)).run(ctx -> assertThat(ctx)
                .hasSingleBean(MemberlistDiscoveryClient.class).doesNotHaveBean(MemberlistReactiveDiscoveryClient.class));
    }

    @Test
    void memberlistDiscoveryDisabled_nodeRunsButNoDiscoveryOrRegistration() {
        runner.withPropertyValues("memberlist.discovery.enabled=false").run(ctx -> assertThat(ctx)
                .hasSingleBean(io.memberlist.Memberlist.class).doesNotHaveBean(MemberlistDiscoveryClient.class)
                .doesNotHaveBean(MemberlistReactiveDiscoveryClient.class)
                .doesNotHaveBean(io.memberlist.spring.serviceregistry.MemberlistServiceRegistry.class));
    }

    @Test
    void discoveryClientOrder_comesFromProperties() {
        runner.withPropertyValues("memberlist.discovery.order=7")
                .run(ctx -> assertThat(ctx.getBean(MemberlistDiscoveryClient.class).getOrder()).isEqualTo(7));
    }

    @Test
    void reservedMetadataKey_failsStartupPointingAtTheProperty() {
        runner.withPropertyValues("memberlist.discovery.metadata.zone=eu")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("memberlist.discovery.zone"));
    }

    @Test
    void discoveryClientBeanType() {
        runner.run(ctx -> assertThat(ctx.getBeansOfType(DiscoveryClient.class)).isNotEmpty());
    }
}
