package io.memberlist.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link MemberlistConfigurationException} (meta too large, port in use, name taken, no seed
 * reachable with fail-fast) into a startup report saying what to change. Invalid property values are
 * reported by Boot's binding analyzer, from {@link MemberlistProperties#validate}.
 */
class MemberlistFailureAnalyzer extends AbstractFailureAnalyzer<MemberlistConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MemberlistConfigurationException cause) {
        return new FailureAnalysis("The memberlist node could not start: " + cause.getMessage(), cause.getAction(),
                cause);
    }
}
