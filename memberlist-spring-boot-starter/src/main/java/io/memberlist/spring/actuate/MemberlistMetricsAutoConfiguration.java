package io.memberlist.spring.actuate;

import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import io.memberlist.spring.autoconfigure.MemberlistProperties;
import io.memberlist.spring.event.MembershipEventBridge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds {@link MemberlistMetrics} to every meter registry, when Micrometer is present. Turn it off with
 * Boot's {@code management.metrics.enable.memberlist=false}.
 */
@AutoConfiguration(after = MemberlistAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(Memberlist.class)
public class MemberlistMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public MemberlistMetrics memberlistMetrics(Memberlist memberlist, MembershipEventBridge events,
                                               MemberlistProperties properties) {
        return new MemberlistMetrics(memberlist, events,
                MemberlistMetrics.tags(properties.getSecurity().getLabel(), properties.getNodeName()));
    }
}
