package io.memberlist.spring.actuate;

import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@code /actuator/memberlistkeyring}, only with {@code memberlist.security.key-rotation.enabled=true} and the
 * endpoint exposed ({@code management.endpoints.web.exposure.include=memberlistkeyring}): key rotation is a
 * write operation on a secret, so it takes two explicit decisions. Secure the actuator like any write endpoint.
 */
@AutoConfiguration(after = MemberlistAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBooleanProperty(name = "memberlist.security.key-rotation.enabled")
@ConditionalOnAvailableEndpoint(MemberlistKeyringEndpoint.class)
@ConditionalOnBean(Memberlist.class)
public class MemberlistKeyringEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public MemberlistKeyringEndpoint memberlistKeyringEndpoint(Memberlist memberlist) {
        return new MemberlistKeyringEndpoint(memberlist);
    }
}
