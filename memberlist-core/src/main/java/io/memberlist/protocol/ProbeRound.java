package io.memberlist.protocol;

/**
 * One probe of one member (Go's {@code probeNode} state): a direct ping, after {@code probeTimeout} indirect
 * pings through relays and a TCP ping, and a verdict at {@code endNanos}, the probe interval stretched by
 * the local health score.
 */
final class ProbeRound {
    final MemberRecord target;
    final long seqNo;
    final long startNanos;
    final long endNanos;
    Deadlines.Timer timeoutTimer;
    Deadlines.Timer endTimer;
    /** Past the direct stage: indirect pings and the TCP ping are out. */
    boolean indirect;
    int expectedNacks;
    int nacks;
    boolean tcpAcked;

    ProbeRound(MemberRecord target, long seqNo, long startNanos, long endNanos) {
        this.target = target;
        this.seqNo = seqNo;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
    }

    /**
     * Lifeguard's awareness penalty for a failed probe: the nacks we were promised and did not get (our own
     * links are likely at fault), or 1 when no relay could send nacks.
     */
    int failurePenalty() {
        return expectedNacks > 0 ? Math.max(0, expectedNacks - nacks) : 1;
    }

    void cancelTimers() {
        if (timeoutTimer != null) {
            timeoutTimer.cancel();
        }
        if (endTimer != null) {
            endTimer.cancel();
        }
    }
}
