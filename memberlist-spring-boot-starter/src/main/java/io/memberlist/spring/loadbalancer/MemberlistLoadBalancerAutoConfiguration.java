package io.memberlist.spring.loadbalancer;

import io.memberlist.spring.discovery.MemberlistDiscoveryClientAutoConfiguration;
import io.memberlist.spring.discovery.MemberlistDiscoveryProperties;
import io.memberlist.spring.discovery.ServiceCatalog;
import io.memberlist.spring.discovery.reactive.MemberlistReactiveDiscoveryClientAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.cache.LoadBalancerCacheManager;
import org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig;
import org.springframework.context.annotation.Bean;

/**
 * Lets Spring Cloud LoadBalancer build its supplier chains unchanged: every configuration of
 * {@code spring.cloud.loadbalancer.configurations} (and {@code .clients.<id>.configurations}) starts from
 * Spring Cloud's discovery-client supplier, whose composite {@code DiscoveryClient} includes the
 * {@code MemberlistDiscoveryClient}. That client reads the live member table, so the TTL cache Spring Cloud
 * puts on top is not needed: {@link MemberlistLoadBalancerDefaults} turns it off by default and this
 * configuration gives {@code withCaching()} a {@link NoOpLoadBalancerCacheManager} to pass through.
 * When {@code spring.cloud.loadbalancer.zone} is unset, {@code memberlist.discovery.zone} is the zone to prefer.
 */
@AutoConfiguration(after = {MemberlistDiscoveryClientAutoConfiguration.class,
        MemberlistReactiveDiscoveryClientAutoConfiguration.class},
        afterName = "org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration",
        beforeName = "org.springframework.cloud.loadbalancer.config.LoadBalancerCacheAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier")
@ConditionalOnMemberlistLoadBalancerEnabled
@ConditionalOnBean({ServiceCatalog.class, ReactiveLoadBalancer.Factory.class})
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

    /** Only while the cache is off; with {@code spring.cloud.loadbalancer.cache.enabled=true} Spring Cloud's applies. */
    @Bean
    @ConditionalOnBooleanProperty(name = MemberlistLoadBalancerDefaults.CACHE_ENABLED, havingValue = false)
    @ConditionalOnMissingBean(LoadBalancerCacheManager.class)
    public NoOpLoadBalancerCacheManager memberlistLoadBalancerCacheManager() {
        return new NoOpLoadBalancerCacheManager();
    }
}
