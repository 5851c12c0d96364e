package io.memberlist.protocol;

import io.memberlist.Config;
import io.memberlist.delegate.AliveDelegate;
import io.memberlist.delegate.MergeDelegate;

/**
 * The parts of {@link Config} the machine reads, converted once to nanoseconds and plain values so the
 * hot paths do no {@code Duration} arithmetic.
 */
record Settings(
        String name,
        int protocolVersion,
        long probeIntervalNanos,
        long probeTimeoutNanos,
        int indirectChecks,
        boolean tcpPings,
        long tcpTimeoutNanos,
        int retransmitMult,
        int suspicionMult,
        int suspicionMaxTimeoutMult,
        int awarenessMaxMultiplier,
        boolean awareness,
        boolean dynamicSuspicion,
        boolean buddySystem,
        int gossipNodes,
        long gossipIntervalNanos,
        long gossipToTheDeadNanos,
        long pushPullIntervalNanos,
        long deadNodeReclaimNanos,
        int udpBufferSize,
        int packetOverhead,
        CidrFilter cidrs,
        AliveDelegate aliveFilter,
        MergeDelegate mergeFilter,
        byte[] versions) {

    /** Broadcasts a node keeps at most: memberlist's own are one per node, this bounds user ones. */
    static final int USER_BROADCASTS_MAX = 1024;

    static Settings of(Config c) {
        return new Settings(
                c.name(),
                c.protocolVersion(),
                c.probeInterval().toNanos(),
                c.probeTimeout().toNanos(),
                c.indirectChecks(),
                !c.disableTcpPings(),
                c.tcpTimeout().toNanos(),
                c.retransmitMult(),
                c.suspicionMult(),
                c.suspicionMaxTimeoutMult(),
                c.awarenessMaxMultiplier(),
                c.awarenessEnabled(),
                c.dynamicSuspicionEnabled(),
                c.buddySystemEnabled(),
                c.gossipNodes(),
                c.gossipInterval().toNanos(),
                c.gossipToTheDeadTime().toNanos(),
                c.pushPullInterval().toNanos(),
                c.deadNodeReclaimTime().toNanos(),
                c.udpBufferSize(),
                packetOverhead(c),
                CidrFilter.parse(c.cidrsAllowed()),
                c.alive(),
                c.merge(),
                c.versions());
    }

    /**
     * Bytes the outer layers add to every packet, which gossip must leave free: the encryption envelope
     * (29 bytes for version 1; version 0 pads up to 16 more) and the label header.
     */
    private static int packetOverhead(Config c) {
        int overhead = 0;
        if (c.encryptionEnabled() && c.gossipVerifyOutgoing()) {
            overhead += c.protocolVersion() == 1 ? 45 : 29;
        }
        if (!c.label().isEmpty()) {
            overhead += 2 + c.label().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return overhead;
    }
}
