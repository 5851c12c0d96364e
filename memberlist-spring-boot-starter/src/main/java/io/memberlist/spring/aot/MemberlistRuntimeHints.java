package io.memberlist.spring.aot;

import io.memberlist.sim.Forecast;
import io.memberlist.spring.actuate.MemberlistEndpoint;
import io.memberlist.spring.autoconfigure.MemberlistProperties;
import io.memberlist.spring.discovery.MemberlistDiscoveryProperties;
import io.memberlist.spring.discovery.MemberlistServiceInstance;
import io.memberlist.spring.forecast.MemberlistForecastEndpoint;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Reflection hints for a native image. Spring already covers what it can see (the endpoint's declared
 * return types, {@code @ConfigurationProperties} beans it registers); these are for what it cannot: a
 * {@link MemberlistServiceInstance} serialised by an application that declared {@code ServiceInstance}, the
 * endpoint model when the endpoint is called through another technology, and properties bound by hand.
 * The endpoint records are plain Java records, so they are safe to load without the actuator present.
 */
public class MemberlistRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
                MemberlistEndpoint.Report.class, MemberlistEndpoint.Member.class,
                MemberlistEndpoint.FailureDetection.class, MemberlistServiceInstance.class,
                MemberlistProperties.class, MemberlistDiscoveryProperties.class,
                // The forecast endpoint answers WebEndpointResponse<Object>, so Spring cannot see these two.
                Forecast.class, MemberlistForecastEndpoint.Refusal.class);
    }
}
