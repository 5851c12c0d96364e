package io.memberlist.spring.serviceregistry;

import io.memberlist.spring.discovery.MemberlistDiscoveryProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/** Registers the application when its web server starts (needs Spring Cloud's auto-registration switch on). */
@AutoConfiguration(after = {MemberlistServiceRegistryAutoConfiguration.class,
        AutoServiceRegistrationAutoConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.web.server.context.WebServerInitializedEvent")
@ConditionalOnMemberlistAutoRegistrationEnabled
@ConditionalOnBean({MemberlistServiceRegistry.class, MemberlistRegistration.class,
        AutoServiceRegistrationProperties.class})
public class MemberlistAutoServiceRegistrationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public MemberlistAutoServiceRegistration memberlistAutoServiceRegistration(
            ApplicationContext context, MemberlistServiceRegistry registry,
            AutoServiceRegistrationProperties autoProperties, MemberlistRegistration registration,
            MemberlistDiscoveryProperties properties) {
        return new MemberlistAutoServiceRegistration(context, registry, autoProperties, registration, properties);
    }
}
