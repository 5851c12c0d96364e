package io.memberlist.spring.serviceregistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Matches when {@value #PROPERTY} is {@code true} (off by default). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnBooleanProperty(name = ConditionalOnMemberlistHealthPropagationEnabled.PROPERTY)
public @interface ConditionalOnMemberlistHealthPropagationEnabled {
    /** The property this condition reads. */
    String PROPERTY = "memberlist.discovery.health-propagation.enabled";
}
