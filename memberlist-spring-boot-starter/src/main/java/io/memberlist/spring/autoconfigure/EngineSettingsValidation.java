package io.memberlist.spring.autoconfigure;

import io.memberlist.Config;
import io.memberlist.protocol.CidrFilter;
import org.springframework.validation.Errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Checks each engine property of {@link MemberlistProperties} where it is bound, so a bad value is reported
 * under its own name ({@code memberlist.probe-timeout}) with what to change; the core's
 * {@code ConfigValidation} stays the last line of defence for values set by a {@link MemberlistConfigCustomizer}.
 */
final class EngineSettingsValidation {
    private EngineSettingsValidation() {
    }

    /**
     * @param defaults the profile's config, for the values left unset
     */
    static void validate(MemberlistProperties p, Config defaults, Errors errors) {
        if (p.getNodeName() != null && p.getNodeName().getBytes(StandardCharsets.UTF_8).length > 255) {
            errors.rejectValue("node-name", "memberlist.invalid", "is longer than 255 bytes: choose a shorter name");
        }
        if (p.getBindAddress() == null || p.getBindAddress().isBlank()) {
            errors.rejectValue("bind-address", "memberlist.invalid",
                    "must not be empty: use 0.0.0.0 to listen on every interface");
        }
        port(errors, "bind-port", p.getBindPort());
        if (p.getAdvertisePort() != null) {
            port(errors, "advertise-port", p.getAdvertisePort());
        }
        Integer version = p.getProtocolVersion();
        if (version != null && (version < Config.PROTOCOL_VERSION_MIN || version > Config.PROTOCOL_VERSION_MAX)) {
            errors.rejectValue("protocol-version", "memberlist.invalid", "must be between "
                    + Config.PROTOCOL_VERSION_MIN + " and " + Config.PROTOCOL_VERSION_MAX
                    + ": use 2, what Go memberlist speaks by default");
        }
        positive(errors, "probe-interval", p.getProbeInterval());
        positive(errors, "probe-timeout", p.getProbeTimeout());
        positive(errors, "gossip-interval", p.getGossipInterval());
        positive(errors, "tcp-timeout", p.getTcpTimeout());
        notNegative(errors, "push-pull-interval", p.getPushPullInterval());
        notNegative(errors, "gossip-to-the-dead-time", p.getGossipToTheDeadTime());
        notNegative(errors, "dead-node-reclaim-time", p.getDeadNodeReclaimTime());
        atLeast(errors, "indirect-checks", p.getIndirectChecks(), 0);
        atLeast(errors, "gossip-nodes", p.getGossipNodes(), 1);
        atLeast(errors, "suspicion-mult", p.getSuspicionMult(), 1);
        atLeast(errors, "suspicion-max-timeout-mult", p.getSuspicionMaxTimeoutMult(), 1);
        atLeast(errors, "retransmit-mult", p.getRetransmitMult(), 1);
        atLeast(errors, "awareness-max-multiplier", p.getAwarenessMaxMultiplier(), 1);
        probeTimeoutShorterThanInterval(p, defaults, errors);
        if (p.getSecurity().getLabel().getBytes(StandardCharsets.UTF_8).length > Config.LABEL_MAX_SIZE) {
            errors.rejectValue("security.label", "memberlist.invalid", "is longer than " + Config.LABEL_MAX_SIZE
                    + " bytes: choose a shorter cluster label");
        }
        List<String> cidrs = p.getCidrsAllowed();
        for (int i = 0; i < cidrs.size(); i++) {
            try {
                CidrFilter.parse(List.of(cidrs.get(i)));
            } catch (IllegalArgumentException e) {
                errors.rejectValue("cidrs-allowed[" + i + "]", "memberlist.invalid", e.getMessage()
                        + "; write a block like 10.0.0.0/8 or fd00::/8");
            }
        }
    }

    private static void probeTimeoutShorterThanInterval(MemberlistProperties p, Config defaults, Errors errors) {
        Duration interval = p.getProbeInterval() != null ? p.getProbeInterval() : defaults.probeInterval();
        Duration timeout = p.getProbeTimeout() != null ? p.getProbeTimeout() : defaults.probeTimeout();
        if (isPositive(interval) && isPositive(timeout) && timeout.compareTo(interval) >= 0) {
            errors.rejectValue(p.getProbeTimeout() != null ? "probe-timeout" : "probe-interval", "memberlist.invalid",
                    "memberlist.probe-timeout (" + timeout + ") must be shorter than memberlist.probe-interval ("
                            + interval + "): indirect probes need the rest of the interval");
        }
    }

    private static void port(Errors errors, String property, int port) {
        if (port < 0 || port > 65_535) {
            errors.rejectValue(property, "memberlist.invalid", "must be between 0 and 65535 (0 picks a free port)");
        }
    }

    private static void positive(Errors errors, String property, Duration d) {
        if (d != null && !isPositive(d)) {
            errors.rejectValue(property, "memberlist.positive", "must be a positive duration, e.g. 1s");
        }
    }

    private static void notNegative(Errors errors, String property, Duration d) {
        if (d != null && d.isNegative()) {
            errors.rejectValue(property, "memberlist.positive", "must not be negative, e.g. 30s");
        }
    }

    private static void atLeast(Errors errors, String property, Integer value, int min) {
        if (value != null && value < min) {
            errors.rejectValue(property, "memberlist.positive", "must be at least " + min);
        }
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
