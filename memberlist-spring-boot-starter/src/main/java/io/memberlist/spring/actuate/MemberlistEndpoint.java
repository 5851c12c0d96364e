package io.memberlist.spring.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.protocol.Timing;
import io.memberlist.spring.discovery.InstanceMeta;
import io.memberlist.spring.event.MembershipEventBridge;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/memberlist}: the local node, every member with state, address, incarnation and meta
 * (decoded when it is a service instance), the effective configuration and the failure-detection time to
 * expect for the current cluster size, and with the raft group enabled a {@code raft} section
 * ({@link MemberlistRaftSection}). {@code /actuator/memberlist/{name}}: one member.
 */
@Endpoint(id = "memberlist")
public class MemberlistEndpoint {
    private final Memberlist memberlist;
    private final MembershipEventBridge events;
    private final MemberlistRaftSection raft;

    public MemberlistEndpoint(Memberlist memberlist, MembershipEventBridge events) {
        this(memberlist, events, null);
    }

    /** @param raft the raft section, or null when the raft group is not enabled */
    public MemberlistEndpoint(Memberlist memberlist, MembershipEventBridge events, MemberlistRaftSection raft) {
        this.memberlist = memberlist;
        this.events = events;
        this.raft = raft;
    }

    /**
     * The whole picture.
     *
     * @param raft the raft group as this node knows it; null, and then absent from the JSON, when raft is off
     */
    public record Report(Member localNode, List<Member> members, Map<NodeState, Integer> counts, int healthScore,
                         long membershipVersion, FailureDetection failureDetection,
                         Map<String, Object> configuration, @JsonInclude(JsonInclude.Include.NON_NULL) Object raft) {
    }

    /**
     * One member.
     *
     * @param meta the decoded service instance (service-id, host, port, scheme, zone, status, metadata), or
     *             {@code raw} (base64) for meta this starter did not write
     */
    public record Member(String name, String address, int port, NodeState state, long incarnation,
                         Map<String, Object> meta, int protocolVersion) {
    }

    /**
     * When a crashed member is declared dead, for the current cluster size (Lifeguard; HashiCorp's
     * {@code suspicionTimeout}). {@code expected}: first probe plus the minimum suspicion timeout, which
     * independent confirmations bring it down to; {@code worstCase}: a full probe round plus the maximum
     * timeout. Probe intervals stretch with a non-zero health score.
     */
    public record FailureDetection(int clusterSize, String probeInterval, String suspicionTimeoutMin,
                                   String suspicionTimeoutMax, int confirmationsExpected, String expected,
                                   String worstCase) {
    }

    @ReadOperation
    public Report memberlist() {
        List<Member> members = new ArrayList<>();
        memberlist.members().forEach(n -> members.add(member(n)));
        events.departed().forEach(d -> members.add(member(d.node())));
        members.sort(Comparator.comparing(Member::name));
        return new Report(member(memberlist.localNode()), members, MemberCounts.of(memberlist, events),
                memberlist.healthScore(), events.membershipVersion(), failureDetection(), configuration(),
                raft == null ? null : raft.report());
    }

    @ReadOperation
    public Member member(@Selector String name) {
        for (Node n : memberlist.members()) {
            if (n.name().equals(name)) {
                return member(n);
            }
        }
        return events.departed().stream().filter(d -> d.node().name().equals(name)).findFirst()
                .map(d -> member(d.node())).orElse(null);
    }

    /** One node as this endpoint shows it (the live view sends the same form). */
    public static Member member(Node n) {
        return new Member(n.name(), n.address().inetAddress().getHostAddress(), n.port(), n.state(), n.incarnation(),
                meta(n.meta()), n.protocolCurrent());
    }

    private static Map<String, Object> meta(byte[] raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (raw.length == 0) {
            return out;
        }
        InstanceMeta.decode(raw).ifPresentOrElse(m -> {
            out.put("service-id", m.serviceId());
            out.put("host", m.host());
            out.put("port", m.port());
            out.put("scheme", m.secure() ? "https" : "http");
            if (m.zone() != null) {
                out.put("zone", m.zone());
            }
            out.put("status", m.status());
            out.put("metadata", m.metadata());
        }, () -> out.put("raw", Base64.getEncoder().encodeToString(raw)));
        return out;
    }

    /** The core's own suspicion math ({@link Timing#suspicionTimeouts}) for the members it counts. */
    private FailureDetection failureDetection() {
        Config c = memberlist.config();
        int n = memberlist.numMembers();
        Duration interval = c.probeInterval().multipliedBy(memberlist.healthScore() + 1L);
        Timing.SuspicionTimeouts t = Timing.suspicionTimeouts(c.suspicionMult(), c.suspicionMaxTimeoutMult(),
                c.dynamicSuspicionEnabled(), n, c.probeInterval().toNanos());
        Duration expected = interval.plusNanos(t.minNanos());
        Duration worst = interval.multipliedBy(Math.max(1, n - 1)).plusNanos(t.initialNanos());
        return new FailureDetection(n, interval.toString(), Duration.ofNanos(t.minNanos()).toString(),
                Duration.ofNanos(t.initialNanos()).toString(), t.confirmationsExpected(), expected.toString(),
                worst.toString());
    }

    private Map<String, Object> configuration() {
        Config c = memberlist.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodeName", c.name());
        m.put("bindAddress", c.bindAddress());
        m.put("bindPort", c.bindPort());
        m.put("advertiseAddress", memberlist.localNode().address().toString());
        m.put("protocolVersion", c.protocolVersion());
        m.put("probeInterval", c.probeInterval().toString());
        m.put("probeTimeout", c.probeTimeout().toString());
        m.put("gossipInterval", c.gossipInterval().toString());
        m.put("gossipNodes", c.gossipNodes());
        m.put("gossipToTheDeadTime", c.gossipToTheDeadTime().toString());
        m.put("pushPullInterval", c.pushPullInterval().toString());
        m.put("tcpTimeout", c.tcpTimeout().toString());
        m.put("indirectChecks", c.indirectChecks());
        m.put("suspicionMult", c.suspicionMult());
        m.put("suspicionMaxTimeoutMult", c.suspicionMaxTimeoutMult());
        m.put("retransmitMult", c.retransmitMult());
        m.put("awarenessMaxMultiplier", c.awarenessMaxMultiplier());
        m.put("deadNodeReclaimTime", c.deadNodeReclaimTime().toString());
        m.put("compression", c.enableCompression());
        m.put("lifeguard", Map.of("awareness", c.awarenessEnabled(), "dynamicSuspicion", c.dynamicSuspicionEnabled(),
                "buddySystem", c.buddySystemEnabled()));
        m.put("label", c.label());
        m.put("encryption", memberlist.keyring().map(k -> k.size() + " key(s), masked").orElse("off"));
        m.put("cidrsAllowed", c.cidrsAllowed());
        return m;
    }
}
