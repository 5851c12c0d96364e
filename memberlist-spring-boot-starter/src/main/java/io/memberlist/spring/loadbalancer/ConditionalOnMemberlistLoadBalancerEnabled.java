package io.memberlist.spring.loadbalancer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Matches unless {@value #PROPERTY} is {@code false}, which leaves Spring Cloud's default supplier in place. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnBooleanProperty(name = ConditionalOnMemberlistLoadBalancerEnabled.PROPERTY, matchIfMissing = true)
public @interface ConditionalOnMemberlistLoadBalancerEnabled {
    /** The property this condition reads. */
    String PROPERTY = "memberlist.loadbalancer.enabled";
}
