package io.memberlist.spring.forecast;

import io.memberlist.Memberlist;
import io.memberlist.sim.ForecastService;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@code /actuator/memberlistforecast}, when memberlist runs and the endpoint is exposed
 * ({@code management.endpoints.web.exposure.include=memberlistforecast}). Read-only, but each uncached request
 * occupies a core for up to the budget's wall time, so it is not exposed by default.
 */
@AutoConfiguration(after = MemberlistAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnAvailableEndpoint(MemberlistForecastEndpoint.class)
@ConditionalOnBean(Memberlist.class)
public class MemberlistForecastAutoConfiguration {

    /** The default budget and cache; one forecast at a time. Declare your own to change the budget. */
    @Bean
    @ConditionalOnMissingBean
    public ForecastService memberlistForecastService() {
        return new ForecastService();
    }

    @Bean
    @ConditionalOnMissingBean
    public MemberlistForecastEndpoint memberlistForecastEndpoint(Memberlist memberlist, ForecastService forecasts) {
        return new MemberlistForecastEndpoint(memberlist, forecasts);
    }
}
