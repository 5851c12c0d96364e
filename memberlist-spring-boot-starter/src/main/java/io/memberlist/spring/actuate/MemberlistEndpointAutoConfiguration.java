package io.memberlist.spring.actuate;

import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import io.memberlist.spring.event.MembershipEventBridge;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** {@code /actuator/memberlist}, when exposed ({@code management.endpoints.web.exposure.include=memberlist}). */
@AutoConfiguration(after = MemberlistAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnAvailableEndpoint(MemberlistEndpoint.class)
@ConditionalOnBean(Memberlist.class)
public class MemberlistEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public MemberlistEndpoint memberlistEndpoint(Memberlist memberlist, MembershipEventBridge events,
                                                 ObjectProvider<MemberlistRaftSection> raft) {
        return new MemberlistEndpoint(memberlist, events, raft.getIfAvailable());
    }
}
