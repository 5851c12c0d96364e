package io.memberlist.spring.discovery;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Matches unless {@value #PROPERTY} is {@code false}: turns off discovery and registration on memberlist
 * while keeping the node (and its membership events).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnBooleanProperty(name = ConditionalOnMemberlistDiscoveryEnabled.PROPERTY, matchIfMissing = true)
public @interface ConditionalOnMemberlistDiscoveryEnabled {
    /** The property this condition reads. */
    String PROPERTY = "memberlist.discovery.enabled";
}
