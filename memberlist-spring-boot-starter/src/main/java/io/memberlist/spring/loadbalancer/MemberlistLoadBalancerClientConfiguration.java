package io.memberlist.spring.loadbalancer;

import io.memberlist.spring.discovery.ServiceCatalog;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplierBuilder;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Default configuration of every load-balancer client context: the memberlist supplier as the base,
 * decorated with the stacks named in {@code spring.cloud.loadbalancer.configurations}. Not an
 * auto-configuration: registered through {@code @LoadBalancerClients(defaultConfiguration = ...)}.
 */
@Configuration(proxyBeanMethods = false)
public class MemberlistLoadBalancerClientConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ServiceInstanceListSupplier memberlistServiceInstanceListSupplier(ServiceCatalog catalog,
                                                                             Environment environment,
                                                                             ConfigurableApplicationContext context) {
        MemberlistServiceInstanceListSupplier base =
                new MemberlistServiceInstanceListSupplier(LoadBalancerClientFactory.getName(environment), catalog);
        Set<String> stacks = Arrays.stream(environment.getProperty("spring.cloud.loadbalancer.configurations",
                "default").split(",")).map(String::trim).collect(Collectors.toSet());
        ServiceInstanceListSupplierBuilder builder = ServiceInstanceListSupplier.builder().withBase(base);
        boolean decorated = false;
        if (stacks.contains("zone-preference")) {
            builder.withZonePreference();
            decorated = true;
        }
        if (stacks.contains("weighted")) {
            builder.withWeighted();
            decorated = true;
        }
        if (stacks.contains("hints")) {
            builder.withHints();
            decorated = true;
        }
        if (stacks.contains("same-instance-preference")) {
            builder.withSameInstancePreference();
            decorated = true;
        }
        return decorated ? builder.build(context) : base;
    }
}
