package io.memberlist;

import io.memberlist.protocol.CidrFilter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The checks {@link Config.Builder#build()} runs on the new config; each failure says which setting to change and how. */
final class ConfigValidation {
    /** Lower bounds: below them a node only burns CPU and floods the network (values like 1ns are typos). */
    static final Duration PROBE_INTERVAL_MIN = Duration.ofMillis(10);
    static final Duration PROBE_TIMEOUT_MIN = Duration.ofMillis(1);
    static final Duration GOSSIP_INTERVAL_MIN = Duration.ofMillis(10);
    static final Duration TCP_TIMEOUT_MIN = Duration.ofMillis(10);
    static final Duration PUSH_PULL_INTERVAL_MIN = Duration.ofMillis(100);

    private ConfigValidation() {
    }

    static void validate(Config c) {
        require(c.name() != null && !c.name().isBlank(),
                "name must not be empty: set a node name unique in the cluster");
        require(c.name().getBytes(StandardCharsets.UTF_8).length <= 255,
                "name '" + c.name() + "' is longer than 255 bytes: choose a shorter node name");
        require(c.bindAddress() != null && !c.bindAddress().isBlank(),
                "bindAddress must not be empty: use 0.0.0.0 to listen on every interface");
        requirePort("bindPort", c.bindPort(), 0);
        requirePort("advertisePort", c.advertisePort(), -1);
        require(c.protocolVersion() >= Config.PROTOCOL_VERSION_MIN
                        && c.protocolVersion() <= Config.PROTOCOL_VERSION_MAX,
                "protocolVersion " + c.protocolVersion() + " is outside " + Config.PROTOCOL_VERSION_MIN
                        + ".." + Config.PROTOCOL_VERSION_MAX + ": use 2, what Go memberlist speaks by default");
        requireAtLeast("tcpTimeout", c.tcpTimeout(), TCP_TIMEOUT_MIN,
                "a TCP connect, write and read cannot finish sooner; Go's LAN default is 10s");
        requireAtLeast("probeInterval", c.probeInterval(), PROBE_INTERVAL_MIN,
                "every member is pinged this often, each probe needs a round trip; Go's LAN default is 1s");
        requireAtLeast("probeTimeout", c.probeTimeout(), PROBE_TIMEOUT_MIN,
                "a shorter wait fails every probe; Go's LAN default is 500ms");
        requireAtLeast("gossipInterval", c.gossipInterval(), GOSSIP_INTERVAL_MIN,
                "gossiping more often only floods the network; Go's LAN default is 200ms");
        require(c.maxStreamBytes() >= Config.MIN_STREAM_BYTES_LIMIT
                        && c.maxStreamBytes() <= Config.MAX_STREAM_BYTES_LIMIT,
                "maxStreamBytes " + c.maxStreamBytes() + " is outside " + Config.MIN_STREAM_BYTES_LIMIT + ".."
                        + Config.MAX_STREAM_BYTES_LIMIT + ": the default, " + Config.DEFAULT_MAX_STREAM_BYTES
                        + " (8 MiB), fits a push/pull of tens of thousands of nodes");
        requireNotNegative("pushPullInterval", c.pushPullInterval());
        require(c.pushPullInterval().isZero() || c.pushPullInterval().compareTo(PUSH_PULL_INTERVAL_MIN) >= 0,
                "pushPullInterval " + c.pushPullInterval() + " is below the minimum of " + PUSH_PULL_INTERVAL_MIN
                        + " (each one is a full-state TCP exchange): use 0 to turn it off, or 30s, Go's LAN default");
        requireNotNegative("gossipToTheDeadTime", c.gossipToTheDeadTime());
        requireNotNegative("deadNodeReclaimTime", c.deadNodeReclaimTime());
        require(c.probeTimeout().compareTo(c.probeInterval()) < 0,
                "probeTimeout (" + c.probeTimeout() + ") must be shorter than probeInterval ("
                        + c.probeInterval() + "): indirect probes need the rest of the interval");
        require(c.indirectChecks() >= 0, "indirectChecks must be 0 or more, got " + c.indirectChecks());
        require(c.retransmitMult() >= 1, "retransmitMult must be at least 1, got " + c.retransmitMult());
        require(c.suspicionMult() >= 1, "suspicionMult must be at least 1, got " + c.suspicionMult());
        require(c.suspicionMaxTimeoutMult() >= 1,
                "suspicionMaxTimeoutMult must be at least 1, got " + c.suspicionMaxTimeoutMult());
        require(c.awarenessMaxMultiplier() >= 1,
                "awarenessMaxMultiplier must be at least 1, got " + c.awarenessMaxMultiplier());
        require(c.gossipNodes() >= 1, "gossipNodes must be at least 1, got " + c.gossipNodes());
        require(c.udpBufferSize() >= 512 && c.udpBufferSize() <= 65_507,
                "udpBufferSize " + c.udpBufferSize() + " is outside 512..65507: 1400 fits a 1500-byte MTU");
        int[] dp = {c.delegateProtocolMin(), c.delegateProtocolMax(), c.delegateProtocolVersion()};
        require(dp[0] >= 0 && dp[1] <= 255 && dp[0] <= dp[1] && dp[2] >= dp[0] && dp[2] <= dp[1],
                "delegate protocol min/max/version " + dp[0] + "/" + dp[1] + "/" + dp[2]
                        + " must satisfy 0 <= min <= version <= max <= 255");
        require(c.label().getBytes(StandardCharsets.UTF_8).length <= Config.LABEL_MAX_SIZE,
                "label is longer than " + Config.LABEL_MAX_SIZE + " bytes: choose a shorter cluster label");
        for (String cidr : c.cidrsAllowed()) {
            try {
                CidrFilter.parse(List.of(cidr));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cidrsAllowed: " + e.getMessage(), e);
            }
        }
        List<byte[]> keys = c.secretKeys();
        for (int i = 0; i < keys.size(); i++) {
            int len = keys.get(i) == null ? 0 : keys.get(i).length;
            require(len == 16 || len == 24 || len == 32, "secretKeys[" + i + "] has " + len
                    + " bytes: an AES key must be 16, 24 or 32 bytes (AES-128/192/256)");
        }
    }

    private static void requirePort(String field, int port, int lowest) {
        require(port >= lowest && port <= 65_535, field + " " + port + " is outside " + lowest + "..65535");
    }

    private static void requireAtLeast(String field, Duration d, Duration min, String why) {
        require(d != null && !d.isNegative() && !d.isZero(), field + " must be a positive duration, got " + d);
        require(d.compareTo(min) >= 0, field + " " + d + " is below the minimum of " + min + ": " + why);
    }

    private static void requireNotNegative(String field, Duration d) {
        require(d != null && !d.isNegative(), field + " must not be negative, got " + d);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid memberlist config: " + message);
        }
    }
}
