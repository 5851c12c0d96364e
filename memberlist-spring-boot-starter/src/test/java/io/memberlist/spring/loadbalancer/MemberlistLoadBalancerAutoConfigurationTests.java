package io.memberlist.spring.loadbalancer;

import io.memberlist.spring.StarterContexts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per switch of the load-balancer integration. */
class MemberlistLoadBalancerAutoConfigurationTests {
    private final ApplicationContextRunner runner = StarterContexts.runner();

    @Test
    void defaults_everyClientUsesTheMemberlistSupplier() {
        runner.withPropertyValues("memberlist.discovery.zone=eu-1").run(ctx -> {
            assertThat(ctx).hasSingleBean(MemberlistLoadBalancerAutoConfiguration.class);
            ServiceInstanceListSupplier supplier = ctx.getBean(LoadBalancerClientFactory.class)
                    .getInstance("orders", ServiceInstanceListSupplier.class);
            assertThat(supplier).isInstanceOf(MemberlistServiceInstanceListSupplier.class);
            assertThat(supplier.getServiceId()).isEqualTo("orders");
            assertThat(ctx.getBean(LoadBalancerZoneConfig.class).getZone()).isEqualTo("eu-1");
        });
    }

    @Test
    void loadBalancerDisabled_springCloudDefaultsStay() {
        runner.withPropertyValues("memberlist.loadbalancer.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(MemberlistLoadBalancerAutoConfiguration.class));
    }
}
