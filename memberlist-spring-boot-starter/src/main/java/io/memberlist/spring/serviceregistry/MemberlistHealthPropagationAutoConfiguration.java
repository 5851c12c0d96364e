package io.memberlist.spring.serviceregistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import io.memberlist.spring.autoconfigure.MemberlistSchedulers;
import io.memberlist.spring.autoconfigure.MemberlistConfigurationException;
import io.memberlist.spring.discovery.MemberlistDiscoveryProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.context.annotation.Bean;

/**
 * {@link HealthStatusPropagation} ({@code memberlist.discovery.health-propagation.enabled}); needs the service
 * registry and Boot's health endpoint (present unless its access is turned off).
 */
@AutoConfiguration(after = MemberlistServiceRegistryAutoConfiguration.class,
        afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.actuate.endpoint.HealthEndpoint")
@ConditionalOnMemberlistHealthPropagationEnabled
@ConditionalOnBean({MemberlistServiceRegistry.class, MemberlistRegistration.class, HealthEndpoint.class})
public class MemberlistHealthPropagationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public HealthStatusPropagation memberlistHealthStatusPropagation(HealthEndpoint health,
                                                                     ObjectProvider<HealthEndpointGroups> groups,
                                                                     MemberlistDiscoveryProperties properties,
                                                                     MemberlistServiceRegistry registry,
                                                                     MemberlistRegistration registration,
                                                                     @Qualifier(MemberlistSchedulers.TASK_SCHEDULER)
                                                                     TaskScheduler scheduler) {
        MemberlistDiscoveryProperties.HealthPropagation p = properties.getHealthPropagation();
        HealthEndpointGroups known = groups.getIfAvailable();
        if (p.getGroup() != null && !p.getGroup().isBlank() && known != null
                && !known.getNames().contains(p.getGroup().trim())) {
            throw new MemberlistConfigurationException("memberlist.discovery.health-propagation.group names the"
                    + " health group '" + p.getGroup() + "', which does not exist (groups: " + known.getNames() + ")",
                    "Define it with management.endpoint.health.group." + p.getGroup().trim() + ".include=..., or"
                            + " name an existing group, or unset the property to propagate the overall health.");
        }
        return new HealthStatusPropagation(health, p.getGroup(), p.getInterval(), scheduler, registry, registration);
    }
}
