package io.memberlist.sim;

import io.memberlist.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to forecast: a node's configuration, a cluster size, and the network it runs on. Start from
 * {@link #of(Config, int)} (a healthy network: no loss, 1 ms latency, no slow members, seed 1) and derive
 * what-ifs with the {@code with...} methods.
 *
 * <p>Only what shapes the protocol's timing and traffic is taken from the {@code Config}: delegates,
 * addresses, CIDR filters and key material are ignored (the simulated nodes have 10.x addresses and no
 * application), so a node's effective configuration can be passed as is.
 *
 * @param config      the configuration every simulated member runs
 * @param nodes       the cluster size, at least 2
 * @param conditions  loss, latency, jitter and slow members
 * @param seed        the forecast is a pure function of the request, this seed included
 */
public record ForecastRequest(Config config, int nodes, Conditions conditions, long seed) {

    /**
     * The network a forecast assumes.
     *
     * @param loss        probability that a UDP packet is lost, in [0, 1); streams are delayed instead
     * @param latencyMs   one-way latency of every link
     * @param jitterMs    extra uniformly random delay per packet, up to this
     * @param slowNodes   members that process every incoming message late (CPU starvation)
     * @param slowDelayMs how late those members process their messages
     */
    public record Conditions(double loss, double latencyMs, double jitterMs, int slowNodes, double slowDelayMs) {
        public static final Conditions HEALTHY = new Conditions(0, 1, 0, 0, 0);

        public Conditions {
            if (!(loss >= 0 && loss < 1)) {
                throw new IllegalArgumentException("loss is a probability in [0, 1), not " + loss);
            }
            if (!(latencyMs >= 0) || !(jitterMs >= 0) || !(slowDelayMs >= 0)) {
                throw new IllegalArgumentException("latency, jitter and slow delay must not be negative");
            }
            if (slowNodes < 0) {
                throw new IllegalArgumentException("slow nodes must not be negative, not " + slowNodes);
            }
        }
    }

    public ForecastRequest {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(conditions, "conditions");
        if (nodes < 2) {
            throw new IllegalArgumentException("a forecast needs at least 2 nodes, not " + nodes);
        }
        if (conditions.slowNodes() > nodes) {
            throw new IllegalArgumentException("slow nodes (" + conditions.slowNodes()
                    + ") cannot exceed the cluster size (" + nodes + ")");
        }
    }

    public static ForecastRequest of(Config config, int nodes) {
        return new ForecastRequest(config, nodes, Conditions.HEALTHY, 1);
    }

    public ForecastRequest withNodes(int n) {
        return new ForecastRequest(config, n, conditions, seed);
    }

    public ForecastRequest withLoss(double loss) {
        Conditions c = conditions;
        return with(new Conditions(loss, c.latencyMs(), c.jitterMs(), c.slowNodes(), c.slowDelayMs()));
    }

    public ForecastRequest withLatency(double latencyMs, double jitterMs) {
        Conditions c = conditions;
        return with(new Conditions(c.loss(), latencyMs, jitterMs, c.slowNodes(), c.slowDelayMs()));
    }

    public ForecastRequest withSlowNodes(int count, double delayMs) {
        Conditions c = conditions;
        return with(new Conditions(c.loss(), c.latencyMs(), c.jitterMs(), count, delayMs));
    }

    public ForecastRequest withSeed(long s) {
        return new ForecastRequest(config, nodes, conditions, s);
    }

    private ForecastRequest with(Conditions c) {
        return new ForecastRequest(config, nodes, c, seed);
    }

    /**
     * The configuration the simulated members run: {@code config} without delegates, CIDR filter or
     * addresses. Keys are replaced by zero keys of the same lengths: only their sizes change the traffic.
     */
    Config simulatedConfig() {
        List<byte[]> keys = new ArrayList<>();
        config.secretKeys().forEach(k -> keys.add(new byte[k.length]));
        return config.toBuilder().name("sim").bindAddress("0.0.0.0").bindPort(7946).advertiseAddress(null)
                .advertisePort(-1).cidrsAllowed(List.of()).secretKeys(keys).delegate(null).events(null)
                .conflict(null).merge(null).alive(null).ping(null).build();
    }

    /** Equal for requests whose forecasts are equal: the cache key. */
    Object key() {
        Config c = config;
        List<Object> timing = List.of(c.protocolVersion(), c.tcpTimeout(), c.indirectChecks(), c.retransmitMult(),
                c.suspicionMult(), c.suspicionMaxTimeoutMult(), c.pushPullInterval(), c.probeInterval(),
                c.probeTimeout(), c.disableTcpPings(), c.awarenessMaxMultiplier(), c.gossipNodes(),
                c.gossipInterval(), c.gossipToTheDeadTime(), c.gossipVerifyOutgoing(), c.enableCompression(),
                c.deadNodeReclaimTime(), c.label(), c.secretKeys().stream().map(k -> k.length).toList(),
                c.awarenessEnabled(), c.dynamicSuspicionEnabled(), c.buddySystemEnabled(),
                c.udpBufferSize(), c.delegateProtocolVersion());
        return List.of(timing, nodes, conditions, seed);
    }
}
