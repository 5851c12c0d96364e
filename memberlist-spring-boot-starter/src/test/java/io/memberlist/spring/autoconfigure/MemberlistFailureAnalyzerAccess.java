package io.memberlist.spring.autoconfigure;

import org.springframework.boot.diagnostics.FailureAnalysis;

/** Lets tests in other packages run the package-private analyzer. */
public final class MemberlistFailureAnalyzerAccess {
    private MemberlistFailureAnalyzerAccess() {
    }

    public static FailureAnalysis analyze(Throwable failure) {
        return new MemberlistFailureAnalyzer().analyze(failure);
    }
}
