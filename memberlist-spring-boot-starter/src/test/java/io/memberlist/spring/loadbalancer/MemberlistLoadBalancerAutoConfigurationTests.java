package io.memberlist.spring.loadbalancer;

import io.memberlist.spring.StarterContexts;
import io.memberlist.spring.discovery.MemberlistServiceInstance;
import io.memberlist.spring.discovery.ServiceCatalog;
import io.memberlist.spring.serviceregistry.MemberlistRegistration;
import io.memberlist.spring.serviceregistry.MemberlistServiceRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.cache.LoadBalancerCacheManager;
import org.springframework.cloud.loadbalancer.config.LoadBalancerCacheAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig;
import org.springframework.cloud.loadbalancer.core.CachingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.DiscoveryClientServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud's own supplier chain for every standard {@code spring.cloud.loadbalancer.configurations}
 * value, with the memberlist discovery client as its source and no TTL cache in between.
 */
@ExtendWith(OutputCaptureExtension.class)
class MemberlistLoadBalancerAutoConfigurationTests {
    private final ApplicationContextRunner runner = StarterContexts.runner()
            .withConfiguration(AutoConfigurations.of(LoadBalancerCacheAutoConfiguration.class))
            // what Boot does before refresh: run the starter's EnvironmentPostProcessor
            .withInitializer(ctx -> new MemberlistLoadBalancerDefaults()
                    .postProcessEnvironment(ctx.getEnvironment(), new SpringApplication()))
            .withBean(WebClient.Builder.class, WebClient::builder);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "default,                      ",
            "zone-preference,              ZonePreferenceServiceInstanceListSupplier",
            "health-check,                 HealthCheckServiceInstanceListSupplier",
            "request-based-sticky-session, RequestBasedStickySessionServiceInstanceListSupplier",
            "same-instance-preference,     SameInstancePreferenceServiceInstanceListSupplier",
            "weighted,                     WeightedServiceInstanceListSupplier",
            "subset,                       SubsetServiceInstanceListSupplier",
            "api-version,                  ReactiveApiVersionServiceInstanceListSupplier"})
    void everyStandardConfiguration_springCloudsChainOnTheMemberlistDiscoveryClient(String configuration,
                                                                                  String decorator) {
        runner.withPropertyValues("spring.cloud.loadbalancer.configurations=" + configuration).run(ctx -> {
            ServiceInstanceListSupplier supplier = supplier(ctx, "orders");
            List<String> chain = chain(supplier);
            if (decorator != null) {
                assertThat(chain.get(0)).isEqualTo(decorator);
            }
            assertThat(chain).endsWith(DiscoveryClientServiceInstanceListSupplier.class.getSimpleName());
            assertThat(supplier.getServiceId()).isEqualTo("orders");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"default", "zone-preference", "same-instance-preference", "weighted", "subset",
            "request-based-sticky-session"})
    void everyConfiguration_servesTheInstancesTheClusterAdvertises(String configuration) {
        runner.withPropertyValues("spring.cloud.loadbalancer.configurations=" + configuration,
                "memberlist.discovery.zone=eu-1").run(ctx -> {
            register(ctx, "UP");
            List<ServiceInstance> instances = supplier(ctx, "orders").get().blockFirst(Duration.ofSeconds(5));
            assertThat(instances).singleElement().isInstanceOf(MemberlistServiceInstance.class)
                    .extracting(ServiceInstance::getPort).isEqualTo(8080);
        });
    }

    @Test
    void perClientConfiguration_appliesToThatClientOnly() {
        runner.withPropertyValues("spring.cloud.loadbalancer.clients.payments.configurations=weighted").run(ctx -> {
            assertThat(chain(supplier(ctx, "payments")).get(0)).isEqualTo("WeightedServiceInstanceListSupplier");
            assertThat(chain(supplier(ctx, "orders")).get(0))
                    .isEqualTo(CachingServiceInstanceListSupplier.class.getSimpleName());
        });
    }

    @Test
    void noTtlCache_anInstanceTakenOutOfServiceIsDroppedAtOnce() {
        runner.run(ctx -> {
            ServiceInstanceListSupplier supplier = supplier(ctx, "orders");
            MemberlistRegistration registration = register(ctx, "UP");
            assertThat(supplier.get().blockFirst(Duration.ofSeconds(5))).hasSize(1);
            ctx.getBean(MemberlistServiceRegistry.class).setStatus(registration, "OUT_OF_SERVICE");
            await().atMost(Duration.ofSeconds(5)).until(() -> ctx.getBean(ServiceCatalog.class).instances("orders").isEmpty());
            // the member table no longer lists it: neither does the next load-balanced request (a cache would)
            assertThat(supplier.get().blockFirst(Duration.ofSeconds(5))).isEmpty();
            assertThat(ctx).getBean(LoadBalancerCacheManager.class).isInstanceOf(NoOpLoadBalancerCacheManager.class);
        });
    }

    @Test
    void noDefaultCacheWarning_andNoMissingCacheManagerWarning(CapturedOutput output) {
        runner.run(ctx -> {
            supplier(ctx, "orders");
            assertThat(ctx).doesNotHaveBean("caffeineWarnLogger");
        });
        assertThat(output).doesNotContain("working with the default cache")
                .doesNotContain("LoadBalancerCacheManager not available");
    }

    @Test
    void cacheExplicitlyEnabled_springCloudsCacheAppliesAndWarnsAsUsual(CapturedOutput output) {
        runner.withPropertyValues("spring.cloud.loadbalancer.cache.enabled=true").run(ctx -> assertThat(ctx)
                .getBean(LoadBalancerCacheManager.class).isNotInstanceOf(NoOpLoadBalancerCacheManager.class));
        assertThat(output).contains("working with the default cache"); // so the test above can see it
    }

    @Test
    void environmentPostProcessor_runsInABootApplication() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off").run()) {
            assertThat(app.getEnvironment().getProperty(MemberlistLoadBalancerDefaults.CACHE_ENABLED)).isEqualTo("false");
        }
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "spring.cloud.loadbalancer.cache.enabled=true").run()) {
            assertThat(app.getEnvironment().getProperty(MemberlistLoadBalancerDefaults.CACHE_ENABLED)).isEqualTo("true");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    @Test
    void zone_comesFromDiscoveryWhenLoadBalancerZoneUnset() {
        runner.withPropertyValues("memberlist.discovery.zone=eu-1")
                .run(ctx -> assertThat(ctx.getBean(LoadBalancerZoneConfig.class).getZone()).isEqualTo("eu-1"));
    }

    @Test
    void loadBalancerDisabled_springCloudDefaultsStay() {
        runner.withPropertyValues("memberlist.loadbalancer.enabled=false").run(ctx -> {
            assertThat(ctx).doesNotHaveBean(MemberlistLoadBalancerAutoConfiguration.class)
                    .doesNotHaveBean(NoOpLoadBalancerCacheManager.class);
            assertThat(ctx.getEnvironment().getProperty(MemberlistLoadBalancerDefaults.CACHE_ENABLED)).isNull();
        });
    }

    private static ServiceInstanceListSupplier supplier(ConfigurableApplicationContext ctx, String serviceId) {
        return ctx.getBean(LoadBalancerClientFactory.class).getInstance(serviceId, ServiceInstanceListSupplier.class);
    }

    /** Simple class names from the outermost decorator down to the base supplier. */
    private static List<String> chain(ServiceInstanceListSupplier supplier) {
        List<String> names = new ArrayList<>();
        ServiceInstanceListSupplier s = supplier;
        while (true) {
            names.add(s.getClass().getSimpleName());
            if (!(s instanceof DelegatingServiceInstanceListSupplier d)) {
                return names;
            }
            s = d.getDelegate();
        }
    }

    /** Registers as auto-registration would once the web server runs (there is none here). */
    private static MemberlistRegistration register(ConfigurableApplicationContext ctx, String status) {
        MemberlistRegistration registration = ctx.getBean(MemberlistRegistration.class);
        ReflectionTestUtils.invokeMethod(registration, "setPort", 8080); // package-private: the web server sets it
        MemberlistServiceRegistry registry = ctx.getBean(MemberlistServiceRegistry.class);
        registry.register(registration);
        registry.setStatus(registration, status);
        await().atMost(Duration.ofSeconds(5)).until(() -> ctx.getBean(ServiceCatalog.class).instances("orders").size() == 1);
        return registration;
    }
}
