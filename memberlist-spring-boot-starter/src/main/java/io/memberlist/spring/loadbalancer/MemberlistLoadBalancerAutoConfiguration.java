package io.memberlist.spring.loadbalancer;

import io.memberlist.spring.discovery.MemberlistDiscoveryClientAutoConfiguration;
import io.memberlist.spring.discovery.MemberlistDiscoveryProperties;
import io.memberlist.spring.discovery.ServiceCatalog;
import io.memberlist.spring.discovery.reactive.MemberlistReactiveDiscoveryClientAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig;
import org.springframework.context.annotation.Bean;

/**
 * Makes every load-balancer client use the {@link MemberlistServiceInstanceListSupplier}, and, when
 * {@code spring.cloud.loadbalancer.zone} is unset, takes this instance's {@code memberlist.discovery.zone}
 * as the zone to prefer.
 */
@AutoConfiguration(after = {MemberlistDiscoveryClientAutoConfiguration.class,
        MemberlistReactiveDiscoveryClientAutoConfiguration.class},
        afterName = "org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier")
@ConditionalOnMemberlistLoadBalancerEnabled
@ConditionalOnBean({ServiceCatalog.class, ReactiveLoadBalancer.Factory.class})
@LoadBalancerClients(defaultConfiguration = MemberlistLoadBalancerClientConfiguration.class)
public class MemberlistLoadBalancerAutoConfiguration {

    @Bean
    public SmartInitializingSingleton memberlistLoadBalancerZone(ObjectProvider<LoadBalancerZoneConfig> zoneConfig,
                                                                 ObjectProvider<MemberlistDiscoveryProperties> discovery) {
        return () -> {
            LoadBalancerZoneConfig config = zoneConfig.getIfAvailable();
            MemberlistDiscoveryProperties properties = discovery.getIfAvailable();
            if (config != null && config.getZone() == null && properties != null && properties.getZone() != null) {
                config.setZone(properties.getZone());
            }
        };
    }
}
