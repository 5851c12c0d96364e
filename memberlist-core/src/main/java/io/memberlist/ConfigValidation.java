package io.memberlist;

import io.memberlist.protocol.CidrFilter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The checks {@link Config.Builder#build()} runs; each failure says which setting to change and how. */
final class ConfigValidation {
    private ConfigValidation() {
    }

    static void validate(Config.Builder b) {
        require(b.nameValue() != null && !b.nameValue().isBlank(),
                "name must not be empty: set a node name unique in the cluster");
        require(b.nameValue().getBytes(StandardCharsets.UTF_8).length <= 255,
                "name '" + b.nameValue() + "' is longer than 255 bytes: choose a shorter node name");
        require(b.bindAddressValue() != null && !b.bindAddressValue().isBlank(),
                "bindAddress must not be empty: use 0.0.0.0 to listen on every interface");
        requirePort("bindPort", b.bindPortValue(), 0);
        requirePort("advertisePort", b.advertisePortValue(), -1);
        require(b.protocolVersionValue() >= Config.PROTOCOL_VERSION_MIN
                        && b.protocolVersionValue() <= Config.PROTOCOL_VERSION_MAX,
                "protocolVersion " + b.protocolVersionValue() + " is outside " + Config.PROTOCOL_VERSION_MIN
                        + ".." + Config.PROTOCOL_VERSION_MAX + ": use 2, what Go memberlist speaks by default");
        requirePositive("tcpTimeout", b.tcpTimeoutValue());
        requirePositive("probeInterval", b.probeIntervalValue());
        requirePositive("probeTimeout", b.probeTimeoutValue());
        requirePositive("gossipInterval", b.gossipIntervalValue());
        requireNotNegative("pushPullInterval", b.pushPullIntervalValue());
        requireNotNegative("gossipToTheDeadTime", b.gossipToTheDeadTimeValue());
        requireNotNegative("deadNodeReclaimTime", b.deadNodeReclaimTimeValue());
        require(b.probeTimeoutValue().compareTo(b.probeIntervalValue()) < 0,
                "probeTimeout (" + b.probeTimeoutValue() + ") must be shorter than probeInterval ("
                        + b.probeIntervalValue() + "): indirect probes need the rest of the interval");
        require(b.indirectChecksValue() >= 0, "indirectChecks must be 0 or more, got " + b.indirectChecksValue());
        require(b.retransmitMultValue() >= 1, "retransmitMult must be at least 1, got " + b.retransmitMultValue());
        require(b.suspicionMultValue() >= 1, "suspicionMult must be at least 1, got " + b.suspicionMultValue());
        require(b.suspicionMaxTimeoutMultValue() >= 1,
                "suspicionMaxTimeoutMult must be at least 1, got " + b.suspicionMaxTimeoutMultValue());
        require(b.awarenessMaxMultiplierValue() >= 1,
                "awarenessMaxMultiplier must be at least 1, got " + b.awarenessMaxMultiplierValue());
        require(b.gossipNodesValue() >= 1, "gossipNodes must be at least 1, got " + b.gossipNodesValue());
        require(b.handoffQueueDepthValue() >= 1,
                "handoffQueueDepth must be at least 1, got " + b.handoffQueueDepthValue());
        require(b.udpBufferSizeValue() >= 512 && b.udpBufferSizeValue() <= 65_507,
                "udpBufferSize " + b.udpBufferSizeValue() + " is outside 512..65507: 1400 fits a 1500-byte MTU");
        int[] dp = b.delegateProtocolValues();
        require(dp[0] >= 0 && dp[1] <= 255 && dp[0] <= dp[1] && dp[2] >= dp[0] && dp[2] <= dp[1],
                "delegate protocol min/max/version " + dp[0] + "/" + dp[1] + "/" + dp[2]
                        + " must satisfy 0 <= min <= version <= max <= 255");
        require(b.labelValue().getBytes(StandardCharsets.UTF_8).length <= Config.LABEL_MAX_SIZE,
                "label is longer than " + Config.LABEL_MAX_SIZE + " bytes: choose a shorter cluster label");
        for (String cidr : b.cidrsAllowedValue()) {
            try {
                CidrFilter.parse(List.of(cidr));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cidrsAllowed: " + e.getMessage(), e);
            }
        }
        List<byte[]> keys = b.secretKeysValue();
        for (int i = 0; i < keys.size(); i++) {
            int len = keys.get(i) == null ? 0 : keys.get(i).length;
            require(len == 16 || len == 24 || len == 32, "secretKeys[" + i + "] has " + len
                    + " bytes: an AES key must be 16, 24 or 32 bytes (AES-128/192/256)");
        }
    }

    private static void requirePort(String field, int port, int lowest) {
        require(port >= lowest && port <= 65_535, field + " " + port + " is outside " + lowest + "..65535");
    }

    private static void requirePositive(String field, Duration d) {
        require(d != null && !d.isNegative() && !d.isZero(), field + " must be a positive duration, got " + d);
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
