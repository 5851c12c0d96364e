package io.memberlist.spring.raft.group;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

import java.util.List;
import java.util.Map;

/** Matches when any Ratis artifact the raft group needs is missing; names them for the startup failure. */
class RatisMissingCondition extends SpringBootCondition {
    /** A class of each artifact the raft group needs, by artifact. */
    static final Map<String, String> REQUIRED = Map.of(
            "org.apache.ratis:ratis-server", "org.apache.ratis.server.RaftServer",
            "org.apache.ratis:ratis-grpc", "org.apache.ratis.grpc.GrpcFactory",
            "org.apache.ratis:ratis-metrics-default", "org.apache.ratis.metrics.impl.MetricRegistriesImpl");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        List<String> missing = missing(context.getClassLoader());
        return missing.isEmpty() ? ConditionOutcome.noMatch("Ratis is on the classpath")
                : ConditionOutcome.match("missing " + missing);
    }

    static List<String> missing(ClassLoader classLoader) {
        return REQUIRED.entrySet().stream().filter(e -> !ClassUtils.isPresent(e.getValue(), classLoader))
                .map(Map.Entry::getKey).sorted().toList();
    }
}
