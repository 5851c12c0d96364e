package io.memberlist.spring.autoconfigure;

import io.memberlist.Config;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The memberlist engine's settings ({@code memberlist.*}). Timing knobs left unset take the value of the
 * chosen {@link #getProfile() profile}, which equals HashiCorp's {@code DefaultLANConfig},
 * {@code DefaultWANConfig} or {@code DefaultLocalConfig}. {@link #toConfigBuilder()} is the one place
 * that maps these properties onto the core {@link Config}.
 *
 * <p>Validates itself (Spring calls {@link #validate} while binding), so invalid values stop the
 * application at startup with a message naming the property in kebab-case, as written in
 * application.properties, and what to change.
 */
@Validated
@ConfigurationProperties(MemberlistProperties.PREFIX)
public class MemberlistProperties implements Validator {
    /** Property prefix. */
    public static final String PREFIX = "memberlist";

    /** Whether to start a memberlist node in this application. */
    private boolean enabled = true;
    /** Node name, unique in the cluster; defaults to spring.application.name, host name and 8 random hex digits. */
    private String nodeName;
    /** Timing defaults: lan (HashiCorp DefaultLANConfig), wan, or local (loopback and tests). */
    private Profile profile = Profile.LAN;
    /** Address to bind the UDP and TCP listeners to; 0.0.0.0 listens on every interface. */
    private String bindAddress = "0.0.0.0";
    /** UDP and TCP port to listen on; 0 picks a free port. */
    private int bindPort = 7946;
    /** Address other nodes reach this one at; defaults to the bind address, or a private IP of this host. */
    private String advertiseAddress;
    /** Port other nodes reach this one at; defaults to the bound port. */
    private Integer advertisePort;
    /** Memberlist protocol version to speak (1..5); defaults to 2, what Go memberlist speaks. */
    private Integer protocolVersion;
    /** Time between failure-detection probes of one random member (profile default: 1s lan, 5s wan). */
    private Duration probeInterval;
    /** Time to wait for a direct probe's ack before asking other members; shorter than the probe interval. */
    private Duration probeTimeout;
    /** Time between gossip rounds that spread state changes (profile default: 200ms lan). */
    private Duration gossipInterval;
    /** Number of random members each gossip round sends to (profile default: 3 lan, 4 wan). */
    private Integer gossipNodes;
    /** How long to keep gossiping to a member after it is declared dead (profile default: 30s lan). */
    private Duration gossipToTheDeadTime;
    /** Period of the full-state anti-entropy exchange with one random member; 0 disables it. */
    private Duration pushPullInterval;
    /** Timeout of TCP connections: push/pull, TCP pings and joins (profile default: 10s lan). */
    private Duration tcpTimeout;
    /** Members asked to probe indirectly when a direct probe fails (profile default: 3). */
    private Integer indirectChecks;
    /** Suspicion timeout multiplier: suspect for suspicion-mult x log10(n) probe intervals before dead. */
    private Integer suspicionMult;
    /** Lifeguard: the suspicion timeout starts this many times higher and shrinks with confirmations. */
    private Integer suspicionMaxTimeoutMult;
    /** Each state change is retransmitted retransmit-mult x log10(n+1) times. */
    private Integer retransmitMult;
    /** Lifeguard: a node that sees signs of its own trouble probes at most this many times slower. */
    private Integer awarenessMaxMultiplier;
    /** How long a dead member's name stays bound to its address; 0 means until it is reaped. */
    private Duration deadNodeReclaimTime;
    /** Whether to compress gossip messages (Go's EnableCompression). */
    private Boolean compressionEnabled;
    /** Whether the Lifeguard extensions (awareness, dynamic suspicion, buddy system) are on. */
    private Boolean lifeguardEnabled;
    /** CIDR blocks whose nodes may join this cluster; empty allows everyone. */
    private List<String> cidrsAllowed = new ArrayList<>();
    /** Whether to leave the cluster gracefully (peers mark it LEFT at once) when the application stops. */
    private boolean leaveOnShutdown = true;
    /** How long to wait for the leave announcement to be gossiped on shutdown. */
    private Duration leaveTimeout = Duration.ofSeconds(5);
    /** Joining the cluster. */
    private final Join join = new Join();
    /** Gossip encryption and cluster label. */
    private final Security security = new Security();
    /** Shutdown sequence. */
    private final Shutdown shutdown = new Shutdown();
    /** Health indicator tuning. */
    private final Health health = new Health();
    /** Membership ApplicationEvents. */
    private final Events events = new Events();

    /** Timing presets, equal to HashiCorp memberlist's default configurations. */
    public enum Profile {
        /** DefaultLANConfig: fast detection on a local network. */
        LAN,
        /** DefaultWANConfig: slower, more tolerant timings for high latency. */
        WAN,
        /** DefaultLocalConfig: LAN tightened for loopback and tests. */
        LOCAL
    }

    /**
     * Maps every property onto a core {@link Config.Builder} (the node name only when set); unset properties
     * keep the profile's value. The caller adds the name, delegates and customizations, then builds.
     */
    public Config.Builder toConfigBuilder() {
        Config.Builder b = profileDefaults(profile);
        PropertyMapper map = PropertyMapper.get();
        map.from(nodeName).whenHasText().to(b::name);
        map.from(bindAddress).to(b::bindAddress);
        map.from(bindPort).to(b::bindPort);
        map.from(advertiseAddress).whenHasText().to(b::advertiseAddress);
        map.from(advertisePort).to(b::advertisePort);
        map.from(protocolVersion).to(b::protocolVersion);
        map.from(probeInterval).to(b::probeInterval);
        map.from(probeTimeout).to(b::probeTimeout);
        map.from(gossipInterval).to(b::gossipInterval);
        map.from(gossipNodes).to(b::gossipNodes);
        map.from(gossipToTheDeadTime).to(b::gossipToTheDeadTime);
        map.from(pushPullInterval).to(b::pushPullInterval);
        map.from(tcpTimeout).to(b::tcpTimeout);
        map.from(indirectChecks).to(b::indirectChecks);
        map.from(suspicionMult).to(b::suspicionMult);
        map.from(suspicionMaxTimeoutMult).to(b::suspicionMaxTimeoutMult);
        map.from(retransmitMult).to(b::retransmitMult);
        map.from(awarenessMaxMultiplier).to(b::awarenessMaxMultiplier);
        map.from(deadNodeReclaimTime).to(b::deadNodeReclaimTime);
        map.from(compressionEnabled).to(b::enableCompression);
        map.from(lifeguardEnabled).to(b::lifeguard);
        map.from(cidrsAllowed).to(b::cidrsAllowed);
        map.from(security.label).to(b::label);
        map.from(security::decodedKeys).to(b::secretKeys);
        map.from(security.gossipVerifyIncoming).to(b::gossipVerifyIncoming);
        map.from(security.gossipVerifyOutgoing).to(b::gossipVerifyOutgoing);
        return b;
    }

    private static Config.Builder profileDefaults(Profile profile) {
        return switch (profile) {
            case LAN -> Config.lan();
            case WAN -> Config.wan();
            case LOCAL -> Config.local();
        };
    }

    @Override
    public boolean supports(Class<?> type) {
        return MemberlistProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        MemberlistProperties p = (MemberlistProperties) target;
        if (!p.enabled) {
            return;
        }
        for (int i = 0; i < p.security.secretKeys.size(); i++) {
            String key = p.security.secretKeys.get(i);
            try {
                int len = Base64.getDecoder().decode(key == null ? "" : key.trim()).length;
                if (len != 16 && len != 24 && len != 32) {
                    errors.rejectValue("security.secret-keys[" + i + "]", "memberlist.key", "decodes to " + len
                            + " bytes: an AES key must be 16, 24 or 32 bytes; generate one with"
                            + " 'openssl rand -base64 32'");
                }
            } catch (IllegalArgumentException e) {
                errors.rejectValue("security.secret-keys[" + i + "]", "memberlist.key",
                        "is not valid base64 (" + e.getMessage() + "); generate a key with 'openssl rand -base64 32'");
            }
        }
        for (int i = 0; i < p.join.seeds.size(); i++) {
            String seed = p.join.seeds.get(i);
            if (seed == null || seed.isBlank() || seed.trim().contains(" ")) {
                errors.rejectValue("join.seeds[" + i + "]", "memberlist.seed",
                        "must be host:port (or a DNS name resolving to several members), e.g. 10.0.0.5:7946");
            }
        }
        if (p.join.retry.interval == null || p.join.retry.interval.isNegative() || p.join.retry.interval.isZero()) {
            errors.rejectValue("join.retry.interval", "memberlist.positive", "must be a positive duration, e.g. 2s");
        }
        if (p.join.retry.maxInterval == null || p.join.retry.interval != null
                && p.join.retry.maxInterval.compareTo(p.join.retry.interval) < 0) {
            errors.rejectValue("join.retry.maxInterval", "memberlist.positive",
                    "must be at least memberlist.join.retry.interval, e.g. 30s");
        }
        if (p.join.retry.maxAttempts < 0) {
            errors.rejectValue("join.retry.max-attempts", "memberlist.positive",
                    "must be 0 (keep trying) or a positive number of attempts");
        }
        if (p.join.rejoinInterval == null || p.join.rejoinInterval.isNegative()) {
            errors.rejectValue("join.rejoin-interval", "memberlist.positive", "must not be negative: 0 turns rejoining"
                    + " off, e.g. 60s");
        }
        if (p.health.minMembers < 0) {
            errors.rejectValue("health.min-members", "memberlist.positive", "must be 0 (never DOWN) or more");
        }
        if (p.health.degradedScoreThreshold != null && p.health.degradedScoreThreshold < 1) {
            errors.rejectValue("health.degraded-score-threshold", "memberlist.positive",
                    "must be at least 1 (0 is a healthy score), or unset to never report DEGRADED");
        }
        if (p.leaveTimeout == null || p.leaveTimeout.isNegative()) {
            errors.rejectValue("leave-timeout", "memberlist.positive", "must not be negative, e.g. 5s");
        }
        if (p.events.heartbeatMinInterval == null || p.events.heartbeatMinInterval.isNegative()) {
            errors.rejectValue("events.heartbeat-min-interval", "memberlist.positive",
                    "must not be negative, e.g. 500ms");
        }
        if (p.shutdown.drainDelay == null || p.shutdown.drainDelay.isNegative()) {
            errors.rejectValue("shutdown.drain-delay", "memberlist.positive", "must not be negative, e.g. 0s or 2s");
        }
        EngineSettingsValidation.validate(p, profileDefaults(p.profile).name("defaults").build(), errors);
    }

    /** Joining a cluster through seed members. */
    public static class Join {
        /** Members to join through, as host:port; a DNS name may resolve to several (a headless service). */
        private List<String> seeds = new ArrayList<>();
        /** Whether startup fails when no seed can be reached (after the retries); else keep retrying. */
        private boolean failFast;
        /** Retrying a join that reached no seed. */
        private final Retry retry = new Retry();
        /** Time between rejoins of seed addresses that are not members (heals a split cluster); 0 turns it off. */
        private Duration rejoinInterval = Duration.ofSeconds(60);
        /** The default seed on Kubernetes, used when seeds is empty: a headless Service. */
        private final Kubernetes kubernetes = new Kubernetes();

        public List<String> getSeeds() {
            return seeds;
        }

        public void setSeeds(List<String> seeds) {
            this.seeds = seeds;
        }

        public boolean isFailFast() {
            return failFast;
        }

        public void setFailFast(boolean failFast) {
            this.failFast = failFast;
        }

        public Retry getRetry() {
            return retry;
        }

        public Duration getRejoinInterval() {
            return rejoinInterval;
        }

        public void setRejoinInterval(Duration rejoinInterval) {
            this.rejoinInterval = rejoinInterval;
        }

        public Kubernetes getKubernetes() {
            return kubernetes;
        }

        /** The headless Service {@code <service>.<namespace>.svc:<memberlist port>} joined on Kubernetes. */
        public static class Kubernetes {
            /** Headless Service (clusterIP None, publishNotReadyAddresses true); default: spring.application.name. */
            private String service;
            /** Namespace of the Service; defaults to the pod's own namespace. */
            private String namespace;

            public String getService() {
                return service;
            }

            public void setService(String service) {
                this.service = service;
            }

            public String getNamespace() {
                return namespace;
            }

            public void setNamespace(String namespace) {
                this.namespace = namespace;
            }
        }
    }

    /** Join retries. */
    public static class Retry {
        /** Join attempts before giving up; 0 keeps trying in the background until a seed answers. */
        private int maxAttempts;
        /** Wait before the second attempt; each further wait doubles, with up to half of it added at random. */
        private Duration interval = Duration.ofSeconds(2);
        /** Longest wait between join attempts: the exponential backoff stops growing here. */
        private Duration maxInterval = Duration.ofSeconds(30);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }
    }

    /** Gossip encryption keys and the cluster label. */
    public static class Security {
        /** Base64 AES keys (16, 24 or 32 bytes); the first encrypts, all decrypt. Empty: no encryption. */
        private List<String> secretKeys = new ArrayList<>();
        /** Cluster label; nodes with another label ignore this one (several clusters on one network). */
        private String label = "";
        /** Whether to drop unencrypted incoming gossip (turn off while rolling out encryption). */
        private boolean gossipVerifyIncoming = true;
        /** Whether to encrypt outgoing gossip (turn off while rolling out encryption). */
        private boolean gossipVerifyOutgoing = true;
        /** Changing the keys of the running node. */
        private final KeyRotation keyRotation = new KeyRotation();

        List<byte[]> decodedKeys() {
            List<byte[]> keys = new ArrayList<>();
            secretKeys.forEach(k -> keys.add(Base64.getDecoder().decode(k.trim())));
            return keys;
        }

        public List<String> getSecretKeys() {
            return secretKeys;
        }

        public void setSecretKeys(List<String> secretKeys) {
            this.secretKeys = secretKeys;
        }

        public String getLabel() {
            return label;
        }

        public void setLabel(String label) {
            this.label = label == null ? "" : label;
        }

        public boolean isGossipVerifyIncoming() {
            return gossipVerifyIncoming;
        }

        public void setGossipVerifyIncoming(boolean gossipVerifyIncoming) {
            this.gossipVerifyIncoming = gossipVerifyIncoming;
        }

        public boolean isGossipVerifyOutgoing() {
            return gossipVerifyOutgoing;
        }

        public void setGossipVerifyOutgoing(boolean gossipVerifyOutgoing) {
            this.gossipVerifyOutgoing = gossipVerifyOutgoing;
        }

        public KeyRotation getKeyRotation() {
            return keyRotation;
        }

        @Override
        public String toString() {
            return "Security[label=" + label + ", secretKeys=" + secretKeys.size() + " (masked)]";
        }
    }

    /** Live gossip key rotation through the actuator. */
    public static class KeyRotation {
        /** Whether /actuator/memberlistkeyring may install, use and remove keys (the endpoint must be exposed too). */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The graceful shutdown sequence. */
    public static class Shutdown {
        /** Pause after announcing OUT_OF_SERVICE and before leaving, so peers' load balancers drop this node. */
        private Duration drainDelay = Duration.ZERO;

        public Duration getDrainDelay() {
            return drainDelay;
        }

        public void setDrainDelay(Duration drainDelay) {
            this.drainDelay = drainDelay;
        }
    }

    /** Membership events. */
    public static class Events {
        /** Least time between two HeartbeatEvents; changes within it are coalesced into the next one. */
        private Duration heartbeatMinInterval = Duration.ofMillis(500);

        public Duration getHeartbeatMinInterval() {
            return heartbeatMinInterval;
        }

        public void setHeartbeatMinInterval(Duration heartbeatMinInterval) {
            this.heartbeatMinInterval = heartbeatMinInterval;
        }
    }

    /** The memberlist health indicator. */
    public static class Health {
        /** Fewest alive members (this node included) for the indicator to report UP; 0 never reports DOWN. */
        private int minMembers;
        /** Lifeguard health score (0 is healthy, max awareness-max-multiplier - 1) from which to report DEGRADED. */
        private Integer degradedScoreThreshold;

        public Integer getDegradedScoreThreshold() {
            return degradedScoreThreshold;
        }

        public void setDegradedScoreThreshold(Integer degradedScoreThreshold) {
            this.degradedScoreThreshold = degradedScoreThreshold;
        }

        public int getMinMembers() {
            return minMembers;
        }

        public void setMinMembers(int minMembers) {
            this.minMembers = minMembers;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getNodeName() {
        return nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public Profile getProfile() {
        return profile;
    }

    public void setProfile(Profile profile) {
        this.profile = profile;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getBindPort() {
        return bindPort;
    }

    public void setBindPort(int bindPort) {
        this.bindPort = bindPort;
    }

    public String getAdvertiseAddress() {
        return advertiseAddress;
    }

    public void setAdvertiseAddress(String advertiseAddress) {
        this.advertiseAddress = advertiseAddress;
    }

    public Integer getAdvertisePort() {
        return advertisePort;
    }

    public void setAdvertisePort(Integer advertisePort) {
        this.advertisePort = advertisePort;
    }

    public Integer getProtocolVersion() {
        return protocolVersion;
    }

    public void setProtocolVersion(Integer protocolVersion) {
        this.protocolVersion = protocolVersion;
    }

    public Duration getProbeInterval() {
        return probeInterval;
    }

    public void setProbeInterval(Duration probeInterval) {
        this.probeInterval = probeInterval;
    }

    public Duration getProbeTimeout() {
        return probeTimeout;
    }

    public void setProbeTimeout(Duration probeTimeout) {
        this.probeTimeout = probeTimeout;
    }

    public Duration getGossipInterval() {
        return gossipInterval;
    }

    public void setGossipInterval(Duration gossipInterval) {
        this.gossipInterval = gossipInterval;
    }

    public Integer getGossipNodes() {
        return gossipNodes;
    }

    public void setGossipNodes(Integer gossipNodes) {
        this.gossipNodes = gossipNodes;
    }

    public Duration getGossipToTheDeadTime() {
        return gossipToTheDeadTime;
    }

    public void setGossipToTheDeadTime(Duration gossipToTheDeadTime) {
        this.gossipToTheDeadTime = gossipToTheDeadTime;
    }

    public Duration getPushPullInterval() {
        return pushPullInterval;
    }

    public void setPushPullInterval(Duration pushPullInterval) {
        this.pushPullInterval = pushPullInterval;
    }

    public Duration getTcpTimeout() {
        return tcpTimeout;
    }

    public void setTcpTimeout(Duration tcpTimeout) {
        this.tcpTimeout = tcpTimeout;
    }

    public Integer getIndirectChecks() {
        return indirectChecks;
    }

    public void setIndirectChecks(Integer indirectChecks) {
        this.indirectChecks = indirectChecks;
    }

    public Integer getSuspicionMult() {
        return suspicionMult;
    }

    public void setSuspicionMult(Integer suspicionMult) {
        this.suspicionMult = suspicionMult;
    }

    public Integer getSuspicionMaxTimeoutMult() {
        return suspicionMaxTimeoutMult;
    }

    public void setSuspicionMaxTimeoutMult(Integer suspicionMaxTimeoutMult) {
        this.suspicionMaxTimeoutMult = suspicionMaxTimeoutMult;
    }

    public Integer getRetransmitMult() {
        return retransmitMult;
    }

    public void setRetransmitMult(Integer retransmitMult) {
        this.retransmitMult = retransmitMult;
    }

    public Integer getAwarenessMaxMultiplier() {
        return awarenessMaxMultiplier;
    }

    public void setAwarenessMaxMultiplier(Integer awarenessMaxMultiplier) {
        this.awarenessMaxMultiplier = awarenessMaxMultiplier;
    }

    public Duration getDeadNodeReclaimTime() {
        return deadNodeReclaimTime;
    }

    public void setDeadNodeReclaimTime(Duration deadNodeReclaimTime) {
        this.deadNodeReclaimTime = deadNodeReclaimTime;
    }

    public Boolean getCompressionEnabled() {
        return compressionEnabled;
    }

    public void setCompressionEnabled(Boolean compressionEnabled) {
        this.compressionEnabled = compressionEnabled;
    }

    public Boolean getLifeguardEnabled() {
        return lifeguardEnabled;
    }

    public void setLifeguardEnabled(Boolean lifeguardEnabled) {
        this.lifeguardEnabled = lifeguardEnabled;
    }

    public List<String> getCidrsAllowed() {
        return cidrsAllowed;
    }

    public void setCidrsAllowed(List<String> cidrsAllowed) {
        this.cidrsAllowed = cidrsAllowed;
    }

    public boolean isLeaveOnShutdown() {
        return leaveOnShutdown;
    }

    public void setLeaveOnShutdown(boolean leaveOnShutdown) {
        this.leaveOnShutdown = leaveOnShutdown;
    }

    public Duration getLeaveTimeout() {
        return leaveTimeout;
    }

    public void setLeaveTimeout(Duration leaveTimeout) {
        this.leaveTimeout = leaveTimeout;
    }

    public Join getJoin() {
        return join;
    }

    public Security getSecurity() {
        return security;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public Health getHealth() {
        return health;
    }

    public Events getEvents() {
        return events;
    }
}
