package io.memberlist.spring.ui;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Matches when {@value #PROPERTY} is {@code true}; the live view is off unless asked for. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnBooleanProperty(name = ConditionalOnMemberlistUiEnabled.PROPERTY)
public @interface ConditionalOnMemberlistUiEnabled {
    /** The property this condition reads. */
    String PROPERTY = "memberlist.ui.enabled";
}
