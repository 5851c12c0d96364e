package io.memberlist.spring.actuate;

import io.memberlist.Memberlist;
import io.memberlist.NodeState;
import io.memberlist.Stats;
import io.memberlist.spring.event.MembershipEventBridge;
import io.memberlist.transport.Dropped;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters named after HashiCorp memberlist's telemetry, with the same tags across restarts (see
 * {@link #tags}):
 * {@code memberlist.members{state}}, {@code memberlist.health.score}, {@code memberlist.membership.version},
 * {@code memberlist.udp.sent/received} and {@code memberlist.tcp.sent/received} (bytes),
 * {@code memberlist.udp.packets.sent/received}, {@code memberlist.tcp.connect/accept},
 * {@code memberlist.messages.sent/received{type}}, {@code memberlist.dropped{reason}} (one series per
 * {@link Dropped.Reason}), {@code memberlist.alive.blocked}, {@code memberlist.delegate.failures},
 * {@code memberlist.broadcasts.refused}, {@code memberlist.tcp.unanswered},
 * {@code memberlist.probes}, {@code memberlist.probe.failures}, {@code memberlist.queue.broadcasts} and the
 * timers {@code memberlist.probe} (answered probes, ping to ack) and {@code memberlist.push.pull}.
 * Counters read a stats snapshot taken at most every 100 ms.
 */
public class MemberlistMetrics implements MeterBinder {
    /** Message types counted; the framing types (compound, compress, encrypt, crc, label) are not messages. */
    static final List<String> MESSAGE_TYPES = List.of("ping", "indirect_ping", "ack_resp", "nack_resp", "suspect",
            "alive", "dead", "push_pull", "user", "err");

    private final Memberlist memberlist;
    private final MembershipEventBridge events;
    private final Tags tags;
    private volatile Stats stats;
    private volatile long statsAtNanos;

    /**
     * @param tags added to every meter; keep them stable across restarts (see {@link #tags}), never the
     *             default node name, whose random suffix would start new time series on every restart
     */
    public MemberlistMetrics(Memberlist memberlist, MembershipEventBridge events, Tags tags) {
        this.memberlist = memberlist;
        this.events = events;
        this.tags = tags;
    }

    /**
     * The starter's tags: {@code cluster} (the {@code memberlist.security.label}) and {@code node} (the
     * {@code memberlist.node-name}), each only when the application sets it, because a chosen name (a
     * StatefulSet pod name, say) is stable. The application itself is tagged the Boot way, with
     * {@code management.metrics.tags.application}; the generated node name is in {@code /actuator/memberlist}.
     */
    public static Tags tags(String label, String configuredNodeName) {
        Tags out = Tags.empty();
        if (label != null && !label.isBlank()) {
            out = out.and("cluster", label);
        }
        if (configuredNodeName != null && !configuredNodeName.isBlank()) {
            out = out.and("node", configuredNodeName);
        }
        return out;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (NodeState state : NodeState.values()) {
            Gauge.builder("memberlist.members", this, m -> MemberCounts.of(m.memberlist, m.events).get(state))
                    .description("Members this node sees in the state (dead and left while remembered)")
                    .tags(tags).tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Gauge.builder("memberlist.health.score", memberlist, Memberlist::healthScore)
                .description("Lifeguard local health score; 0 is healthy").tags(tags).register(registry);
        Gauge.builder("memberlist.membership.version", events, MembershipEventBridge::membershipVersion)
                .description("Joins, leaves and updates seen since start").tags(tags).register(registry);
        counter(registry, tags, "memberlist.udp.sent", BaseUnits.BYTES, "UDP bytes sent", Stats::packetBytesSent);
        counter(registry, tags, "memberlist.udp.received", BaseUnits.BYTES, "UDP bytes received",
                Stats::packetBytesReceived);
        counter(registry, tags, "memberlist.udp.packets.sent", null, "UDP packets sent", Stats::packetsSent);
        counter(registry, tags, "memberlist.udp.packets.received", null, "UDP packets received",
                Stats::packetsReceived);
        counter(registry, tags, "memberlist.tcp.sent", BaseUnits.BYTES, "TCP stream bytes sent",
                Stats::streamBytesSent);
        counter(registry, tags, "memberlist.tcp.received", BaseUnits.BYTES, "TCP stream bytes received",
                Stats::streamBytesReceived);
        counter(registry, tags, "memberlist.tcp.connect", null, "TCP streams opened", Stats::streamsOpened);
        counter(registry, tags, "memberlist.tcp.accept", null, "TCP streams accepted", Stats::streamsAccepted);
        counter(registry, tags, "memberlist.probes", null, "Probe rounds started", Stats::probes);
        counter(registry, tags, "memberlist.probe.failures", null, "Probe rounds that ended in a suspicion",
                Stats::probeFailures);
        for (String type : MESSAGE_TYPES) {
            counter(registry, tags.and("type", type), "memberlist.messages.sent", null, "Messages sent by type",
                    s -> s.messagesSent().getOrDefault(type, 0L));
            counter(registry, tags.and("type", type), "memberlist.messages.received", null,
                    "Messages received by type", s -> s.messagesReceived().getOrDefault(type, 0L));
        }
        for (Dropped.Reason reason : Dropped.Reason.values()) {
            String name = reason.counterName();
            counter(registry, tags.and("reason", name), "memberlist.dropped", null,
                    "Inputs (packets, packet parts, streams) dropped, by reason",
                    s -> s.droppedByReason().getOrDefault(name, 0L));
        }
        counter(registry, tags, "memberlist.alive.blocked", null,
                "Alive messages refused by memberlist.cidrs-allowed", Stats::blockedAlives);
        counter(registry, tags, "memberlist.delegate.failures", null,
                "Alive or merge delegate calls that threw (the claim or merge was refused)", Stats::delegateFailures);
        counter(registry, tags, "memberlist.broadcasts.refused", null,
                "Application broadcasts and ack payloads refused: too large for any packet with these settings", Stats::userBroadcastsRefused);
        counter(registry, tags, "memberlist.tcp.unanswered", null,
                "Streams the peer closed without a reply (a different key or label, or not a memberlist node)",
                Stats::streamsUnanswered);
        Gauge.builder("memberlist.queue.broadcasts", this, m -> m.stats().queuedBroadcasts())
                .description("Broadcasts waiting to be piggybacked").tags(tags).register(registry);
        FunctionTimer.builder("memberlist.probe", this, m -> m.stats().probeAcks(),
                        m -> m.stats().probeAckNanos(), TimeUnit.NANOSECONDS)
                .description("Probe rounds answered by an ack, and their ping-to-ack time (memberlist.probeNode)")
                .tags(tags).register(registry);
        FunctionTimer.builder("memberlist.push.pull", this, m -> m.stats().pushPulls(),
                        m -> m.stats().pushPullNanos(), TimeUnit.NANOSECONDS)
                .description("Push/pull exchanges this node started").tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, Tags tags, String name, String unit, String description,
                         ToDoubleFunction<Stats> f) {
        FunctionCounter.builder(name, this, m -> f.applyAsDouble(m.stats()))
                .description(description).baseUnit(unit).tags(tags).register(registry);
    }

    private Stats stats() {
        long now = System.nanoTime();
        Stats s = stats;
        if (s == null || now - statsAtNanos > 100_000_000L) {
            s = memberlist.stats();
            stats = s;
            statsAtNanos = now;
        }
        return s;
    }
}
