package io.memberlist;

import io.memberlist.delegate.AliveDelegate;
import io.memberlist.delegate.ConflictDelegate;
import io.memberlist.delegate.Delegate;
import io.memberlist.delegate.EventDelegate;
import io.memberlist.delegate.MergeDelegate;
import io.memberlist.delegate.PingDelegate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a memberlist node is configured with. Immutable; build one from a profile:
 * {@code Config.lan().name("n1").bindPort(0).build()}. The profiles equal HashiCorp's
 * {@code DefaultLANConfig}, {@code DefaultWANConfig} and {@code DefaultLocalConfig}.
 *
 * <p>{@link Builder#build()} validates every field and throws {@link IllegalArgumentException} with a
 * message naming the field, its value and what to change.
 */
public final class Config {
    /** Largest meta a node may advertise, fixed by the protocol (Go's {@code MetaMaxSize}). */
    public static final int META_MAX_SIZE = 512;
    /** Lowest memberlist protocol version this implementation speaks. */
    public static final int PROTOCOL_VERSION_MIN = 1;
    /** Highest memberlist protocol version this implementation understands (CRC, nacks, TCP pings). */
    public static final int PROTOCOL_VERSION_MAX = 5;
    /** Longest cluster label, in bytes. */
    public static final int LABEL_MAX_SIZE = 255;
    /** Default of {@link Builder#maxStreamBytes(int)}: 8 MiB. */
    public static final int DEFAULT_MAX_STREAM_BYTES = 8 * 1024 * 1024;
    /** Smallest {@link Builder#maxStreamBytes(int)}: a push/pull of a few hundred nodes must fit. */
    public static final int MIN_STREAM_BYTES_LIMIT = 64 * 1024;
    /** Largest {@link Builder#maxStreamBytes(int)}: 40 MiB, what the codec can take at all. */
    public static final int MAX_STREAM_BYTES_LIMIT = 2 * io.memberlist.wire.WireLimits.STREAM_PAYLOAD_BYTES_MAX;

    private final String name;
    private final String bindAddress;
    private final int bindPort;
    private final String advertiseAddress;
    private final int advertisePort;
    private final int protocolVersion;
    private final Duration tcpTimeout;
    private final int maxStreamBytes;
    private final int indirectChecks;
    private final int retransmitMult;
    private final int suspicionMult;
    private final int suspicionMaxTimeoutMult;
    private final Duration pushPullInterval;
    private final Duration probeInterval;
    private final Duration probeTimeout;
    private final boolean disableTcpPings;
    private final int awarenessMaxMultiplier;
    private final int gossipNodes;
    private final Duration gossipInterval;
    private final Duration gossipToTheDeadTime;
    private final boolean gossipVerifyIncoming;
    private final boolean gossipVerifyOutgoing;
    private final boolean enableCompression;
    private final int udpBufferSize;
    private final Duration deadNodeReclaimTime;
    private final List<String> cidrsAllowed;
    private final int delegateProtocolMin;
    private final int delegateProtocolMax;
    private final int delegateProtocolVersion;
    private final String label;
    private final boolean skipInboundLabelCheck;
    private final List<byte[]> secretKeys;
    private final boolean awarenessEnabled;
    private final boolean dynamicSuspicionEnabled;
    private final boolean buddySystemEnabled;
    private final Delegate delegate;
    private final EventDelegate events;
    private final ConflictDelegate conflict;
    private final MergeDelegate merge;
    private final AliveDelegate alive;
    private final PingDelegate ping;

    private Config(Builder b) {
        name = b.name;
        bindAddress = b.bindAddress;
        bindPort = b.bindPort;
        advertiseAddress = b.advertiseAddress;
        advertisePort = b.advertisePort;
        protocolVersion = b.protocolVersion;
        tcpTimeout = b.tcpTimeout;
        maxStreamBytes = b.maxStreamBytes;
        indirectChecks = b.indirectChecks;
        retransmitMult = b.retransmitMult;
        suspicionMult = b.suspicionMult;
        suspicionMaxTimeoutMult = b.suspicionMaxTimeoutMult;
        pushPullInterval = b.pushPullInterval;
        probeInterval = b.probeInterval;
        probeTimeout = b.probeTimeout;
        disableTcpPings = b.disableTcpPings;
        awarenessMaxMultiplier = b.awarenessMaxMultiplier;
        gossipNodes = b.gossipNodes;
        gossipInterval = b.gossipInterval;
        gossipToTheDeadTime = b.gossipToTheDeadTime;
        gossipVerifyIncoming = b.gossipVerifyIncoming;
        gossipVerifyOutgoing = b.gossipVerifyOutgoing;
        enableCompression = b.enableCompression;
        udpBufferSize = b.udpBufferSize;
        deadNodeReclaimTime = b.deadNodeReclaimTime;
        cidrsAllowed = List.copyOf(b.cidrsAllowed);
        delegateProtocolMin = b.delegateProtocolMin;
        delegateProtocolMax = b.delegateProtocolMax;
        delegateProtocolVersion = b.delegateProtocolVersion;
        label = b.label;
        skipInboundLabelCheck = b.skipInboundLabelCheck;
        List<byte[]> keys = new ArrayList<>();
        b.secretKeys.forEach(k -> keys.add(k.clone()));
        secretKeys = List.copyOf(keys);
        awarenessEnabled = b.awarenessEnabled;
        dynamicSuspicionEnabled = b.dynamicSuspicionEnabled;
        buddySystemEnabled = b.buddySystemEnabled;
        delegate = b.delegate;
        events = b.events;
        conflict = b.conflict;
        merge = b.merge;
        alive = b.alive;
        ping = b.ping;
    }

    /** HashiCorp's {@code DefaultLANConfig}: tuned for a local network, fast detection, modest traffic. */
    public static Builder lan() {
        return new Builder();
    }

    /** HashiCorp's {@code DefaultWANConfig}: LAN with slower, more tolerant timings for high latency. */
    public static Builder wan() {
        return lan()
                .tcpTimeout(Duration.ofSeconds(30))
                .suspicionMult(6) // wider margin: WAN round trips vary more
                .pushPullInterval(Duration.ofSeconds(60))
                .probeTimeout(Duration.ofSeconds(3))
                .probeInterval(Duration.ofSeconds(5))
                .gossipNodes(4) // more fan-out to make up for the longer interval
                .gossipInterval(Duration.ofMillis(500))
                .gossipToTheDeadTime(Duration.ofSeconds(60));
    }

    /** HashiCorp's {@code DefaultLocalConfig}: LAN tightened for loopback and tests. */
    public static Builder local() {
        return lan()
                .tcpTimeout(Duration.ofSeconds(1))
                .indirectChecks(1) // a single relay is enough when loss is rare
                .retransmitMult(2)
                .suspicionMult(3)
                .pushPullInterval(Duration.ofSeconds(15))
                .probeTimeout(Duration.ofMillis(200))
                .gossipInterval(Duration.ofMillis(100))
                .gossipToTheDeadTime(Duration.ofSeconds(15));
    }

    /** A builder holding this configuration's values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public String name() {
        return name;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int bindPort() {
        return bindPort;
    }

    /** The address other nodes should use, or {@code null} to derive it from the bind address. */
    public String advertiseAddress() {
        return advertiseAddress;
    }

    /** The port other nodes should use; {@code -1} means the bound port. */
    public int advertisePort() {
        return advertisePort;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    public Duration tcpTimeout() {
        return tcpTimeout;
    }

    /** Most bytes one stream may carry; see {@link Builder#maxStreamBytes(int)}. */
    public int maxStreamBytes() {
        return maxStreamBytes;
    }

    public int indirectChecks() {
        return indirectChecks;
    }

    public int retransmitMult() {
        return retransmitMult;
    }

    public int suspicionMult() {
        return suspicionMult;
    }

    public int suspicionMaxTimeoutMult() {
        return suspicionMaxTimeoutMult;
    }

    public Duration pushPullInterval() {
        return pushPullInterval;
    }

    public Duration probeInterval() {
        return probeInterval;
    }

    public Duration probeTimeout() {
        return probeTimeout;
    }

    public boolean disableTcpPings() {
        return disableTcpPings;
    }

    public int awarenessMaxMultiplier() {
        return awarenessMaxMultiplier;
    }

    public int gossipNodes() {
        return gossipNodes;
    }

    public Duration gossipInterval() {
        return gossipInterval;
    }

    public Duration gossipToTheDeadTime() {
        return gossipToTheDeadTime;
    }

    public boolean gossipVerifyIncoming() {
        return gossipVerifyIncoming;
    }

    public boolean gossipVerifyOutgoing() {
        return gossipVerifyOutgoing;
    }

    public boolean enableCompression() {
        return enableCompression;
    }

    public int udpBufferSize() {
        return udpBufferSize;
    }

    public Duration deadNodeReclaimTime() {
        return deadNodeReclaimTime;
    }

    /** CIDR blocks whose nodes may join; empty allows all. */
    public List<String> cidrsAllowed() {
        return cidrsAllowed;
    }

    public int delegateProtocolMin() {
        return delegateProtocolMin;
    }

    public int delegateProtocolMax() {
        return delegateProtocolMax;
    }

    public int delegateProtocolVersion() {
        return delegateProtocolVersion;
    }

    /** The cluster label; empty for none. Nodes with different labels ignore each other. */
    public String label() {
        return label;
    }

    public boolean skipInboundLabelCheck() {
        return skipInboundLabelCheck;
    }

    /** Copies of the gossip encryption keys; the first is the primary. Empty disables encryption. */
    public List<byte[]> secretKeys() {
        List<byte[]> copies = new ArrayList<>();
        secretKeys.forEach(k -> copies.add(k.clone()));
        return copies;
    }

    public boolean encryptionEnabled() {
        return !secretKeys.isEmpty();
    }

    /** Lifeguard's local health awareness: probe interval scales with this node's own health score. */
    public boolean awarenessEnabled() {
        return awarenessEnabled;
    }

    /** Lifeguard's dynamic suspicion: the timeout starts high and shrinks with independent confirmations. */
    public boolean dynamicSuspicionEnabled() {
        return dynamicSuspicionEnabled;
    }

    /** Lifeguard's buddy system: a suspect is pinged together with the suspicion so it can refute at once. */
    public boolean buddySystemEnabled() {
        return buddySystemEnabled;
    }

    public Delegate delegate() {
        return delegate;
    }

    public EventDelegate events() {
        return events;
    }

    public ConflictDelegate conflict() {
        return conflict;
    }

    public MergeDelegate merge() {
        return merge;
    }

    public AliveDelegate alive() {
        return alive;
    }

    public PingDelegate ping() {
        return ping;
    }

    /** The six version bytes this node advertises: {@code [1, 5, pcur, dmin, dmax, dcur]}. */
    public byte[] versions() {
        return new byte[] {PROTOCOL_VERSION_MIN, PROTOCOL_VERSION_MAX, (byte) protocolVersion,
                (byte) delegateProtocolMin, (byte) delegateProtocolMax, (byte) delegateProtocolVersion};
    }

    /** Builds a {@link Config}; start from {@link Config#lan()}, {@link Config#wan()} or {@link Config#local()}. */
    public static final class Builder {
        private String name = defaultName();
        private String bindAddress = "0.0.0.0";
        private int bindPort = 7946;
        private String advertiseAddress;
        private int advertisePort = -1;
        private int protocolVersion = 2; // ProtocolVersion2Compatible: what every Go node speaks by default
        private Duration tcpTimeout = Duration.ofSeconds(10); // reasonable for a LAN push/pull
        private int maxStreamBytes = DEFAULT_MAX_STREAM_BYTES;
        private int indirectChecks = 3; // three relays make one bad path unlikely to cause a suspicion
        private int retransmitMult = 4; // each broadcast is sent 4 * log(N+1) times
        private int suspicionMult = 4; // suspect for 4 * log(N) probe intervals before dead
        private int suspicionMaxTimeoutMult = 6; // Lifeguard: start at 6x the minimum without confirmations
        private Duration pushPullInterval = Duration.ofSeconds(30); // low-rate anti-entropy
        private Duration probeInterval = Duration.ofSeconds(1); // one failure-detection round per second
        private Duration probeTimeout = Duration.ofMillis(500); // generous for a LAN round trip
        private boolean disableTcpPings;
        private int awarenessMaxMultiplier = 8; // a degraded node probes at most 8x slower
        private int gossipNodes = 3; // fan-out per gossip round
        private Duration gossipInterval = Duration.ofMillis(200); // fast spread, small packets
        private Duration gossipToTheDeadTime = Duration.ofSeconds(30); // keep telling the dead they are dead
        private boolean gossipVerifyIncoming = true;
        private boolean gossipVerifyOutgoing = true;
        private boolean enableCompression = true;
        private int udpBufferSize = 1400; // fits a 1500-byte MTU with headroom
        private Duration deadNodeReclaimTime = Duration.ZERO; // never: a name's address is fixed while dead
        private List<String> cidrsAllowed = List.of();
        private int delegateProtocolMin;
        private int delegateProtocolMax;
        private int delegateProtocolVersion;
        private String label = "";
        private boolean skipInboundLabelCheck;
        private List<byte[]> secretKeys = List.of();
        private boolean awarenessEnabled = true;
        private boolean dynamicSuspicionEnabled = true;
        private boolean buddySystemEnabled = true;
        private Delegate delegate;
        private EventDelegate events;
        private ConflictDelegate conflict;
        private MergeDelegate merge;
        private AliveDelegate alive;
        private PingDelegate ping;

        private Builder() {
        }

        private Builder(Config c) {
            name = c.name;
            bindAddress = c.bindAddress;
            bindPort = c.bindPort;
            advertiseAddress = c.advertiseAddress;
            advertisePort = c.advertisePort;
            protocolVersion = c.protocolVersion;
            tcpTimeout = c.tcpTimeout;
            maxStreamBytes = c.maxStreamBytes;
            indirectChecks = c.indirectChecks;
            retransmitMult = c.retransmitMult;
            suspicionMult = c.suspicionMult;
            suspicionMaxTimeoutMult = c.suspicionMaxTimeoutMult;
            pushPullInterval = c.pushPullInterval;
            probeInterval = c.probeInterval;
            probeTimeout = c.probeTimeout;
            disableTcpPings = c.disableTcpPings;
            awarenessMaxMultiplier = c.awarenessMaxMultiplier;
            gossipNodes = c.gossipNodes;
            gossipInterval = c.gossipInterval;
            gossipToTheDeadTime = c.gossipToTheDeadTime;
            gossipVerifyIncoming = c.gossipVerifyIncoming;
            gossipVerifyOutgoing = c.gossipVerifyOutgoing;
            enableCompression = c.enableCompression;
            udpBufferSize = c.udpBufferSize;
            deadNodeReclaimTime = c.deadNodeReclaimTime;
            cidrsAllowed = c.cidrsAllowed;
            delegateProtocolMin = c.delegateProtocolMin;
            delegateProtocolMax = c.delegateProtocolMax;
            delegateProtocolVersion = c.delegateProtocolVersion;
            label = c.label;
            skipInboundLabelCheck = c.skipInboundLabelCheck;
            secretKeys = c.secretKeys;
            awarenessEnabled = c.awarenessEnabled;
            dynamicSuspicionEnabled = c.dynamicSuspicionEnabled;
            buddySystemEnabled = c.buddySystemEnabled;
            delegate = c.delegate;
            events = c.events;
            conflict = c.conflict;
            merge = c.merge;
            alive = c.alive;
            ping = c.ping;
        }

        /** The node's name, unique in the cluster. Defaults to the host name. */
        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder bindAddress(String v) {
            bindAddress = v;
            return this;
        }

        /** UDP and TCP port to listen on; 0 picks a free one. */
        public Builder bindPort(int v) {
            bindPort = v;
            return this;
        }

        public Builder advertiseAddress(String v) {
            advertiseAddress = v;
            return this;
        }

        public Builder advertisePort(int v) {
            advertisePort = v;
            return this;
        }

        public Builder protocolVersion(int v) {
            protocolVersion = v;
            return this;
        }

        public Builder tcpTimeout(Duration v) {
            tcpTimeout = v;
            return this;
        }

        /**
         * Most bytes one inbound stream (push/pull, reliable user message, TCP ping) may carry, framing
         * included; a stream that announces or sends more is cut and counted as dropped ({@code too_large}).
         * Also the bound on what this node sends on one stream. Incomplete inbound streams of one node
         * together hold at most twice this in memory. Default 8 MiB: a push/pull of tens of thousands of
         * nodes, or that much user state. Diverges from Go: Go takes up to 20 MiB of user state
         * ({@code maxPushStateBytes}); raise this (up to {@value #MAX_STREAM_BYTES_LIMIT}) to match.
         */
        public Builder maxStreamBytes(int v) {
            maxStreamBytes = v;
            return this;
        }

        public Builder indirectChecks(int v) {
            indirectChecks = v;
            return this;
        }

        public Builder retransmitMult(int v) {
            retransmitMult = v;
            return this;
        }

        public Builder suspicionMult(int v) {
            suspicionMult = v;
            return this;
        }

        public Builder suspicionMaxTimeoutMult(int v) {
            suspicionMaxTimeoutMult = v;
            return this;
        }

        /** Anti-entropy period before cluster-size scaling; zero disables periodic push/pull. */
        public Builder pushPullInterval(Duration v) {
            pushPullInterval = v;
            return this;
        }

        public Builder probeInterval(Duration v) {
            probeInterval = v;
            return this;
        }

        public Builder probeTimeout(Duration v) {
            probeTimeout = v;
            return this;
        }

        public Builder disableTcpPings(boolean v) {
            disableTcpPings = v;
            return this;
        }

        public Builder awarenessMaxMultiplier(int v) {
            awarenessMaxMultiplier = v;
            return this;
        }

        public Builder gossipNodes(int v) {
            gossipNodes = v;
            return this;
        }

        public Builder gossipInterval(Duration v) {
            gossipInterval = v;
            return this;
        }

        public Builder gossipToTheDeadTime(Duration v) {
            gossipToTheDeadTime = v;
            return this;
        }

        public Builder gossipVerifyIncoming(boolean v) {
            gossipVerifyIncoming = v;
            return this;
        }

        public Builder gossipVerifyOutgoing(boolean v) {
            gossipVerifyOutgoing = v;
            return this;
        }

        public Builder enableCompression(boolean v) {
            enableCompression = v;
            return this;
        }

        public Builder udpBufferSize(int v) {
            udpBufferSize = v;
            return this;
        }

        /** How long a dead node's name stays bound to its address; zero means forever (until reaped). */
        public Builder deadNodeReclaimTime(Duration v) {
            deadNodeReclaimTime = v;
            return this;
        }

        public Builder cidrsAllowed(List<String> v) {
            cidrsAllowed = List.copyOf(v);
            return this;
        }

        public Builder delegateProtocol(int min, int max, int version) {
            delegateProtocolMin = min;
            delegateProtocolMax = max;
            delegateProtocolVersion = version;
            return this;
        }

        public Builder label(String v) {
            label = v == null ? "" : v;
            return this;
        }

        public Builder skipInboundLabelCheck(boolean v) {
            skipInboundLabelCheck = v;
            return this;
        }

        /** AES keys of 16, 24 or 32 bytes; the first encrypts, all are tried to decrypt. */
        public Builder secretKeys(List<byte[]> v) {
            secretKeys = List.copyOf(v);
            return this;
        }

        /** Switches all three Lifeguard extensions at once (plain SWIM when off). */
        public Builder lifeguard(boolean on) {
            awarenessEnabled = on;
            dynamicSuspicionEnabled = on;
            buddySystemEnabled = on;
            return this;
        }

        public Builder awarenessEnabled(boolean v) {
            awarenessEnabled = v;
            return this;
        }

        public Builder dynamicSuspicionEnabled(boolean v) {
            dynamicSuspicionEnabled = v;
            return this;
        }

        public Builder buddySystemEnabled(boolean v) {
            buddySystemEnabled = v;
            return this;
        }

        public Builder delegate(Delegate v) {
            delegate = v;
            return this;
        }

        public Builder events(EventDelegate v) {
            events = v;
            return this;
        }

        public Builder conflict(ConflictDelegate v) {
            conflict = v;
            return this;
        }

        public Builder merge(MergeDelegate v) {
            merge = v;
            return this;
        }

        public Builder alive(AliveDelegate v) {
            alive = v;
            return this;
        }

        public Builder ping(PingDelegate v) {
            ping = v;
            return this;
        }

        /** The ping delegate set so far (or null), so that a later customizer can chain to it, not replace it. */
        public PingDelegate ping() {
            return ping;
        }

        /** Validates and builds; the exception message says which setting to change and how. */
        public Config build() {
            Config config = new Config(this);
            ConfigValidation.validate(config);
            return config;
        }

        private static String defaultName() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.net.UnknownHostException e) {
                    host = "memberlist";
                }
            }
            return Objects.requireNonNullElse(host, "memberlist");
        }
    }
}
