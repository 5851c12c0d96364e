package io.memberlist.spring.discovery;

import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import io.memberlist.spring.event.MembershipEventBridge;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.CommonsClientAutoConfiguration;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The blocking {@link MemberlistDiscoveryClient}, ordered like the other Spring Cloud clients: before
 * Commons' health and composite set-up, so {@code discoveryComposite} and {@code discoveryClient} health
 * include it.
 */
@AutoConfiguration(after = MemberlistAutoConfiguration.class,
        before = {SimpleDiscoveryClientAutoConfiguration.class, CommonsClientAutoConfiguration.class})
@ConditionalOnDiscoveryEnabled
@ConditionalOnBlockingDiscoveryEnabled
@ConditionalOnMemberlistDiscoveryEnabled
@ConditionalOnBean(Memberlist.class)
@EnableConfigurationProperties(MemberlistDiscoveryProperties.class)
public class MemberlistDiscoveryClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ServiceCatalog memberlistServiceCatalog(Memberlist memberlist, MembershipEventBridge events,
                                                   MemberlistDiscoveryProperties properties) {
        return new ServiceCatalog(memberlist, events, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    public MemberlistDiscoveryClient memberlistDiscoveryClient(ServiceCatalog catalog,
                                                               MemberlistDiscoveryProperties properties) {
        return new MemberlistDiscoveryClient(catalog, properties);
    }
}
