package io.memberlist.spring.discovery.reactive;

import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import io.memberlist.spring.discovery.ConditionalOnMemberlistDiscoveryEnabled;
import io.memberlist.spring.discovery.MemberlistDiscoveryClientAutoConfiguration;
import io.memberlist.spring.discovery.MemberlistDiscoveryProperties;
import io.memberlist.spring.discovery.ServiceCatalog;
import io.memberlist.spring.event.MembershipEventBridge;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryHealthIndicatorEnabled;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.health.DiscoveryClientHealthIndicatorProperties;
import org.springframework.cloud.client.discovery.health.reactive.ReactiveDiscoveryClientHealthIndicator;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;

/**
 * The {@link MemberlistReactiveDiscoveryClient} and its health indicator, when Reactor and WebClient are on
 * the classpath (Spring Cloud's reactive discovery condition requires WebClient).
 */
@AutoConfiguration(after = {MemberlistAutoConfiguration.class, MemberlistDiscoveryClientAutoConfiguration.class,
        ReactiveCompositeDiscoveryClientAutoConfiguration.class},
        before = {ReactiveCommonsClientAutoConfiguration.class, SimpleReactiveDiscoveryClientAutoConfiguration.class})
@ConditionalOnClass(Flux.class)
@ConditionalOnDiscoveryEnabled
@ConditionalOnReactiveDiscoveryEnabled
@ConditionalOnMemberlistDiscoveryEnabled
@ConditionalOnBean(Memberlist.class)
@EnableConfigurationProperties(MemberlistDiscoveryProperties.class)
public class MemberlistReactiveDiscoveryClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ServiceCatalog memberlistServiceCatalog(Memberlist memberlist, MembershipEventBridge events,
                                                   MemberlistDiscoveryProperties properties) {
        return new ServiceCatalog(memberlist, events, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    public MemberlistReactiveDiscoveryClient memberlistReactiveDiscoveryClient(ServiceCatalog catalog,
                                                                               MemberlistDiscoveryProperties properties) {
        return new MemberlistReactiveDiscoveryClient(catalog, properties);
    }

    @Bean
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.Health")
    @ConditionalOnDiscoveryHealthIndicatorEnabled
    public ReactiveDiscoveryClientHealthIndicator memberlistReactiveDiscoveryClientHealthIndicator(
            MemberlistReactiveDiscoveryClient client,
            ObjectProvider<DiscoveryClientHealthIndicatorProperties> properties) {
        return new ReactiveDiscoveryClientHealthIndicator(client,
                properties.getIfAvailable(DiscoveryClientHealthIndicatorProperties::new));
    }
}
