package io.memberlist.spring.autoconfigure;

import io.memberlist.spring.StarterContexts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user reads when a property is wrong: Boot's report names the property as written in
 * application.properties (kebab-case, {@code memberlist.security.secret-keys[0]}) and says what to change.
 */
class MemberlistPropertiesValidationTests {
    private final ApplicationContextRunner runner = StarterContexts.runner();

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "memberlist.security.secret-keys   | c2hvcnQ=      | memberlist.security.secret-keys[0] | openssl rand",
            "memberlist.probe-timeout          | 5s            | memberlist.probe-timeout           | shorter than memberlist.probe-interval",
            "memberlist.probe-interval         | 100ms         | memberlist.probe-interval          | shorter than memberlist.probe-interval",
            "memberlist.gossip-nodes           | 0             | memberlist.gossip-nodes            | at least 1",
            "memberlist.suspicion-max-timeout-mult | 0         | memberlist.suspicion-max-timeout-mult | at least 1",
            "memberlist.advertise-port         | 70000         | memberlist.advertise-port          | 65535",
            "memberlist.protocol-version       | 9             | memberlist.protocol-version        | use 2",
            "memberlist.cidrs-allowed          | 10.0.0.0/99   | memberlist.cidrs-allowed[0]        | 10.0.0.0/8",
            "memberlist.dead-node-reclaim-time | -1s           | memberlist.dead-node-reclaim-time  | must not be negative",
            "memberlist.health.degraded-score-threshold | 0    | memberlist.health.degraded-score-threshold | at least 1",
            "memberlist.join.retry.max-attempts | -1           | memberlist.join.retry.max-attempts | positive number"})
    void invalidValue_reportedUnderItsKebabCaseProperty(String property, String value, String reported,
                                                        String advice) {
        runner.withPropertyValues(property + "=" + value).run(ctx -> {
            assertThat(ctx).hasFailed();
            BindValidationException bind = findCause(ctx.getStartupFailure(), BindValidationException.class);
            List<String> fields = bind.getValidationErrors().getAllErrors().stream()
                    .map(e -> e.getObjectName() + "." + ((FieldError) e).getField()).toList();
            assertThat(fields).containsExactly(reported);
            assertThat(bind.getValidationErrors().getAllErrors().get(0).getDefaultMessage()).contains(advice)
                    .doesNotContainPattern("[a-z][A-Z]"); // no camelCase field names in the advice
        });
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + t);
    }
}
