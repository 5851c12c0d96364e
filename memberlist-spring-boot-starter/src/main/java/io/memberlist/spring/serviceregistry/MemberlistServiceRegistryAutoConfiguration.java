package io.memberlist.spring.serviceregistry;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import io.memberlist.spring.autoconfigure.MemberlistLifecycle;
import io.memberlist.spring.autoconfigure.MemberlistProperties;
import io.memberlist.spring.discovery.ConditionalOnMemberlistDiscoveryEnabled;
import io.memberlist.spring.discovery.InstanceMeta;
import io.memberlist.spring.discovery.MemberlistDiscoveryProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.util.Locale;
import java.util.Map;

/**
 * The {@link MemberlistServiceRegistry} and this application's {@link MemberlistRegistration}; before
 * Spring Cloud's registry auto-configuration so {@code /actuator/serviceregistry} finds them.
 */
@AutoConfiguration(after = MemberlistAutoConfiguration.class, before = ServiceRegistryAutoConfiguration.class)
@ConditionalOnMemberlistDiscoveryEnabled
@ConditionalOnMemberlistServiceRegistryEnabled
@ConditionalOnBean(Memberlist.class)
@EnableConfigurationProperties(MemberlistDiscoveryProperties.class)
public class MemberlistServiceRegistryAutoConfiguration {
    /** Metadata key of the management (actuator) port, when it differs from the application's port. */
    public static final String MANAGEMENT_PORT = "management.port";

    @Bean
    @ConditionalOnMissingBean
    public MemberlistRegistration memberlistRegistration(Memberlist memberlist,
                                                         MemberlistDiscoveryProperties properties,
                                                         ObjectProvider<InetUtils> inetUtils, Environment environment,
                                                         ObjectProvider<MemberlistRegistrationCustomizer> customizers) {
        String serviceId = serviceId(properties, environment);
        InstanceMeta meta = new InstanceMeta(serviceId, host(memberlist, properties, inetUtils),
                properties.getPort() == null ? 0 : properties.getPort(), properties.isSecure(),
                properties.getZone(), "STARTING", properties.getMetadata());
        Integer managementPort = managementPort(environment);
        if (managementPort != null) {
            meta = meta.withMetadata(Map.of(MANAGEMENT_PORT, managementPort.toString()));
        }
        for (MemberlistRegistrationCustomizer customizer : customizers.orderedStream().toList()) {
            meta = customizer.customize(meta);
        }
        int size = meta.withPort(65_535).encode().length;
        if (size > Config.META_MAX_SIZE) {
            throw MemberlistServiceRegistry.tooLarge(memberlist.localNode().name(), size);
        }
        return new MemberlistRegistration(memberlist.localNode().name(), meta);
    }

    @Bean
    @ConditionalOnMissingBean
    public MemberlistServiceRegistry memberlistServiceRegistry(Memberlist memberlist, MemberlistLifecycle lifecycle) {
        return new MemberlistServiceRegistry(memberlist, lifecycle);
    }

    @Bean
    public OutOfServiceOnClose memberlistOutOfServiceOnClose(MemberlistServiceRegistry registry,
                                                             MemberlistRegistration registration, Memberlist memberlist,
                                                             MemberlistProperties properties,
                                                             ApplicationContext context) {
        return new OutOfServiceOnClose(registry, registration, memberlist, properties, context);
    }

    /**
     * {@code management.server.port} when it is a fixed port other than {@code server.port}: actuator then
     * listens there, and monitoring that discovers instances must know it (Eureka's metadata convention; Consul
     * registers a second "-management" service instead). A random management port (0) is not advertised.
     */
    static Integer managementPort(Environment environment) {
        Integer management = environment.getProperty("management.server.port", Integer.class);
        Integer server = environment.getProperty("server.port", Integer.class);
        return management == null || management <= 0 || management.equals(server) ? null : management;
    }

    /** {@code memberlist.discovery.service-id}, else the application name, lower-cased and DNS-safe. */
    static String serviceId(MemberlistDiscoveryProperties properties, Environment environment) {
        String id = properties.getServiceId();
        if (id == null || id.isBlank()) {
            id = environment.getProperty("spring.application.name", "application");
        }
        return id.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    }

    private static String host(Memberlist memberlist, MemberlistDiscoveryProperties properties,
                               ObjectProvider<InetUtils> inetUtils) {
        if (hasText(properties.getIpAddress())) {
            return properties.getIpAddress();
        }
        if (!properties.isPreferIpAddress()) {
            if (hasText(properties.getHostname())) {
                return properties.getHostname();
            }
            InetUtils inet = inetUtils.getIfAvailable();
            if (inet != null) {
                return inet.findFirstNonLoopbackHostInfo().getHostname();
            }
        }
        return memberlist.localNode().address().inetAddress().getHostAddress();
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
