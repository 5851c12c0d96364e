package io.memberlist.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Matches unless {@value #PROPERTY} is {@code false}: the switch for the whole starter. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnBooleanProperty(name = ConditionalOnMemberlistEnabled.PROPERTY, matchIfMissing = true)
public @interface ConditionalOnMemberlistEnabled {
    /** The property this condition reads. */
    String PROPERTY = "memberlist.enabled";
}
