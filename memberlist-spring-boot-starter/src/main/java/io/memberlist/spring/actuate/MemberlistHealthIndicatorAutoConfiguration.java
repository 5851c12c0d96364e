package io.memberlist.spring.actuate;

import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import io.memberlist.spring.autoconfigure.MemberlistLifecycle;
import io.memberlist.spring.autoconfigure.MemberlistProperties;
import io.memberlist.spring.event.MembershipEventBridge;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code memberlist} health indicator ({@code management.health.memberlist.enabled}). */
@AutoConfiguration(after = MemberlistAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnEnabledHealthIndicator("memberlist")
@ConditionalOnBean({Memberlist.class, MemberlistLifecycle.class})
public class MemberlistHealthIndicatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "memberlistHealthIndicator")
    public MemberlistHealthIndicator memberlistHealthIndicator(Memberlist memberlist, MemberlistLifecycle lifecycle,
                                                               MembershipEventBridge events,
                                                               MemberlistProperties properties) {
        return new MemberlistHealthIndicator(memberlist, lifecycle, events, properties.getHealth().getMinMembers(),
                properties.getHealth().getDegradedScoreThreshold());
    }
}
