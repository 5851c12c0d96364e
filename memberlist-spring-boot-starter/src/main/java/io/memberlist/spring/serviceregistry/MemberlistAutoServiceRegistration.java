package io.memberlist.spring.serviceregistry;

import io.memberlist.spring.discovery.MemberlistDiscoveryProperties;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.context.ApplicationContext;

/**
 * Registers this application once its web server runs, with the port it really got (also with
 * {@code server.port=0}); Spring Cloud then publishes {@code InstanceRegisteredEvent}. The base class's
 * {@code getPort()} and {@code getConfiguration()} are deprecated in Spring Cloud 5 but remain its contract.
 */
@SuppressWarnings("deprecation")
public class MemberlistAutoServiceRegistration extends AbstractAutoServiceRegistration<MemberlistRegistration> {
    private final MemberlistRegistration registration;
    private final MemberlistDiscoveryProperties properties;

    public MemberlistAutoServiceRegistration(ApplicationContext context, MemberlistServiceRegistry registry,
                                             AutoServiceRegistrationProperties autoProperties,
                                             MemberlistRegistration registration,
                                             MemberlistDiscoveryProperties properties) {
        super(context, registry, autoProperties);
        this.registration = registration;
        this.properties = properties;
    }

    @Override
    protected void register() {
        if (properties.getPort() == null && getPort().get() > 0) {
            registration.setPort(getPort().get());
        }
        super.register();
    }

    @Override
    protected Object getConfiguration() {
        return properties;
    }

    @Override
    protected boolean isEnabled() {
        return true;
    }

    @Override
    protected MemberlistRegistration getRegistration() {
        return registration;
    }

    @Override
    protected MemberlistRegistration getManagementRegistration() {
        return null;
    }
}
