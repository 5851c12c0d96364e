package io.memberlist.spring;

import io.memberlist.spring.actuate.MemberlistEndpointAutoConfiguration;
import io.memberlist.spring.actuate.MemberlistHealthIndicatorAutoConfiguration;
import io.memberlist.spring.actuate.MemberlistMetricsAutoConfiguration;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import io.memberlist.spring.discovery.MemberlistDiscoveryClientAutoConfiguration;
import io.memberlist.spring.discovery.reactive.MemberlistReactiveDiscoveryClientAutoConfiguration;
import io.memberlist.spring.join.MemberlistJoinAutoConfiguration;
import io.memberlist.spring.loadbalancer.MemberlistLoadBalancerAutoConfiguration;
import io.memberlist.spring.serviceregistry.MemberlistAutoServiceRegistrationAutoConfiguration;
import io.memberlist.spring.serviceregistry.MemberlistServiceRegistryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cloud.client.CommonsClientAutoConfiguration;
import org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;

/** The starter's auto-configurations plus the Spring Cloud ones they order against, on loopback ports. */
public final class StarterContexts {
    private static final String[] PROPERTIES = {"spring.application.name=orders",
        "memberlist.bind-address=127.0.0.1", "memberlist.bind-port=0", "memberlist.profile=local",
        "spring.cloud.compatibility-verifier.enabled=false"};

    private StarterContexts() {
    }

    /** A loopback port free now, for a test that must configure one explicitly. */
    public static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(autoConfigurations())
                .withPropertyValues(PROPERTIES);
    }

    /** The same in a servlet web application context, for what only a Spring MVC application has. */
    public static WebApplicationContextRunner webRunner() {
        return new WebApplicationContextRunner()
                .withConfiguration(autoConfigurations())
                .withPropertyValues(PROPERTIES);
    }

    private static AutoConfigurations autoConfigurations() {
        return AutoConfigurations.of(UtilAutoConfiguration.class,
                        MemberlistAutoConfiguration.class, MemberlistJoinAutoConfiguration.class,
                        MemberlistDiscoveryClientAutoConfiguration.class,
                        MemberlistReactiveDiscoveryClientAutoConfiguration.class,
                        MemberlistServiceRegistryAutoConfiguration.class,
                        MemberlistAutoServiceRegistrationAutoConfiguration.class,
                        MemberlistLoadBalancerAutoConfiguration.class,
                        MemberlistHealthIndicatorAutoConfiguration.class, MemberlistEndpointAutoConfiguration.class,
                        MemberlistMetricsAutoConfiguration.class, CommonsClientAutoConfiguration.class,
                        SimpleDiscoveryClientAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class,
                        ReactiveCompositeDiscoveryClientAutoConfiguration.class,
                        ReactiveCommonsClientAutoConfiguration.class, ServiceRegistryAutoConfiguration.class,
                        AutoServiceRegistrationAutoConfiguration.class, LoadBalancerAutoConfiguration.class);
    }
}
