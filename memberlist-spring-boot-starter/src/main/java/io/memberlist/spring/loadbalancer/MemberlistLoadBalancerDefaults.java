package io.memberlist.spring.loadbalancer;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import java.util.Map;

/**
 * Defaults {@value #CACHE_ENABLED} to {@code false} when the memberlist discovery client feeds Spring Cloud
 * LoadBalancer: the member table is in memory and changes the moment gossip says so, while the cache would
 * keep a left or dead instance in rotation for its TTL (35 s) and, without Caffeine, log that it "is
 * currently working with the default cache". Only when the application sets no value of its own (default
 * properties included); with {@code true} the cache applies to memberlist instances as well.
 */
public class MemberlistLoadBalancerDefaults implements EnvironmentPostProcessor, Ordered {
    /** Spring Cloud's switch for its LoadBalancer cache. */
    public static final String CACHE_ENABLED = "spring.cloud.loadbalancer.cache.enabled";
    static final String SOURCE_NAME = "memberlistLoadBalancerDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean loadBalancerPresent = ClassUtils.isPresent(
                "org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier", getClass().getClassLoader());
        boolean memberlistFeedsIt = enabled(environment, "memberlist.enabled")
                && enabled(environment, "memberlist.discovery.enabled")
                && enabled(environment, ConditionalOnMemberlistLoadBalancerEnabled.PROPERTY)
                && enabled(environment, "spring.cloud.discovery.enabled");
        if (loadBalancerPresent && memberlistFeedsIt && !environment.containsProperty(CACHE_ENABLED)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(CACHE_ENABLED, "false")));
        }
    }

    private static boolean enabled(ConfigurableEnvironment environment, String property) {
        return environment.getProperty(property, Boolean.class, true);
    }

    /** After config data is loaded, so the switches above read the application's own settings. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
