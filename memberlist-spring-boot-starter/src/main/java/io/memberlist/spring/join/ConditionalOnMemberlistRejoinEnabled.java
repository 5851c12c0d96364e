package io.memberlist.spring.join;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

/** Matches unless {@value #PROPERTY} is {@code 0}: the switch for {@link SeedRejoin}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(ConditionalOnMemberlistRejoinEnabled.OnRejoinInterval.class)
public @interface ConditionalOnMemberlistRejoinEnabled {
    /** The property this condition reads. */
    String PROPERTY = "memberlist.join.rejoin-interval";

    /** Binds the interval like the properties do; unset means the default, which is on. */
    class OnRejoinInterval extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            boolean off = Binder.get(context.getEnvironment()).bind(PROPERTY, Duration.class)
                    .map(Duration::isZero).orElse(false);
            return off ? ConditionOutcome.noMatch(PROPERTY + " is 0") : ConditionOutcome.match(PROPERTY + " is not 0");
        }
    }
}
