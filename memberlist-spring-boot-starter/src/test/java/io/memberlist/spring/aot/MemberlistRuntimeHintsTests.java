package io.memberlist.spring.aot;

import io.memberlist.sim.Distribution;
import io.memberlist.sim.Forecast;
import io.memberlist.spring.actuate.MemberlistEndpoint;
import io.memberlist.spring.autoconfigure.MemberlistProperties;
import io.memberlist.spring.discovery.MemberlistDiscoveryProperties;
import io.memberlist.spring.discovery.MemberlistServiceInstance;
import io.memberlist.spring.forecast.MemberlistForecastEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

class MemberlistRuntimeHintsTests {
    private final RuntimeHints hints = new RuntimeHints();
    private final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

    @Test
    void registeredInAotFactories() {
        assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
                .hasAtLeastOneElementOfType(MemberlistRuntimeHints.class);
    }

    @Test
    void endpointModel_serialisable() {
        new MemberlistRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertThat(reflection.onMethodInvocation(MemberlistEndpoint.Report.class, "members")).accepts(hints);
        assertThat(reflection.onMethodInvocation(MemberlistEndpoint.Member.class, "incarnation")).accepts(hints);
        assertThat(reflection.onMethodInvocation(MemberlistEndpoint.FailureDetection.class, "worstCase"))
                .accepts(hints);
    }

    @Test
    void forecast_serialisable_althoughTheEndpointDeclaresObject() {
        new MemberlistRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertThat(reflection.onMethodInvocation(Forecast.class, "crash")).accepts(hints);
        assertThat(reflection.onMethodInvocation(Forecast.Crash.class, "deadAfterS")).accepts(hints);
        assertThat(reflection.onMethodInvocation(Distribution.class, "p99")).accepts(hints);
        assertThat(reflection.onMethodInvocation(MemberlistForecastEndpoint.Refusal.class, "message")).accepts(hints);
    }

    @Test
    void serviceInstance_serialisableThroughTheInterface() {
        new MemberlistRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertThat(reflection.onMethodInvocation(MemberlistServiceInstance.class, "getUri")).accepts(hints);
        assertThat(reflection.onMethodInvocation(MemberlistServiceInstance.class, "getMetadata")).accepts(hints);
    }

    @Test
    void properties_bindable() {
        new MemberlistRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertThat(reflection.onMethodInvocation(MemberlistProperties.class, "setProbeInterval")).accepts(hints);
        assertThat(reflection.onMethodInvocation(MemberlistProperties.Join.class, "setRejoinInterval"))
                .accepts(hints);
        assertThat(reflection.onMethodInvocation(MemberlistDiscoveryProperties.HealthPropagation.class, "setGroup"))
                .accepts(hints);
    }
}
