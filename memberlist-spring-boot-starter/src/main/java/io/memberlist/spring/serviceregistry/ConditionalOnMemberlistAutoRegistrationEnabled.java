package io.memberlist.spring.serviceregistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Matches unless Spring Cloud's {@value #PROPERTY} or the provider-level {@value #REGISTER} is {@code false}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnBooleanProperty(name = {ConditionalOnMemberlistAutoRegistrationEnabled.PROPERTY,
        ConditionalOnMemberlistAutoRegistrationEnabled.REGISTER}, matchIfMissing = true)
public @interface ConditionalOnMemberlistAutoRegistrationEnabled {
    /** The property this condition reads. */
    String PROPERTY = "spring.cloud.service-registry.auto-registration.enabled";
    /** The provider-level switch, as Consul's {@code spring.cloud.consul.discovery.register}. */
    String REGISTER = "memberlist.discovery.register";
}
