package io.memberlist.protocol;

import io.memberlist.MembershipEvent;
import io.memberlist.NodeState;
import io.memberlist.wire.Ack;
import io.memberlist.wire.Address;
import io.memberlist.wire.IndirectPing;
import io.memberlist.wire.Message;
import io.memberlist.wire.Nack;
import io.memberlist.wire.Ping;
import io.memberlist.wire.Suspect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SWIM's failure detector with memberlist's and Lifeguard's extensions: probe rounds over a shuffled
 * member list, indirect pings through relays that nack, a TCP ping fallback, the buddy system (a suspect
 * is pinged with the suspicion attached), and relaying for others. Acks and nacks are matched to probes
 * and relays by sequence number.
 */
final class FailureDetector {
    private final Settings settings;
    private final LocalNode self;
    private final Members members;
    private final Deadlines deadlines;
    private final Dissemination dissemination;
    private final StateChanges changes;
    private final Awareness awareness;
    private final Outbox outbox;
    private final Streams streams;
    private final Map<Long, Object> ackHandlers = new HashMap<>();
    private ProbeRound round;
    private long seqNo;
    private long probes;
    private long probeFailures;
    private long probeAcks;
    private long probeAckNanos;
    private byte[] ackPayload;
    private final boolean pingObserved;

    FailureDetector(Settings settings, LocalNode self, Members members, Deadlines deadlines,
                    Dissemination dissemination, StateChanges changes, Awareness awareness, Outbox outbox,
                    Streams streams, boolean pingObserved) {
        this.settings = settings;
        this.self = self;
        this.members = members;
        this.deadlines = deadlines;
        this.dissemination = dissemination;
        this.changes = changes;
        this.awareness = awareness;
        this.outbox = outbox;
        this.streams = streams;
        this.pingObserved = pingObserved;
    }

    void ackPayload(byte[] payload) {
        ackPayload = payload;
    }

    /**
     * The probe ticker. A probe still running swallows the tick, like a Go ticker with a slow reader. The
     * next tick is armed after the round's timers: a failing probe ends exactly one interval after it
     * started, and at equal deadlines timers fire in the order they were armed, so the round ends first
     * and the tick then starts the next probe at once (Go: the tick buffered in the ticker's channel).
     */
    void tick(long nowNanos) {
        if (round == null) {
            MemberRecord target = members.nextProbeTarget(
                    r -> r.name().equals(self.name) || r.state().isDeadOrLeft(),
                    nowNanos - settings.gossipToTheDeadNanos(), self.name);
            if (target != null) {
                start(target, nowNanos);
            }
        }
        deadlines.arm(nowNanos + settings.probeIntervalNanos(), Deadlines.Kind.PROBE_TICK, null);
    }

    private void start(MemberRecord target, long nowNanos) {
        long seq = nextSeqNo();
        long end = nowNanos + awareness.scale(settings.probeIntervalNanos());
        ProbeRound r = new ProbeRound(target, seq, nowNanos, end);
        round = r;
        probes++;
        ackHandlers.put(seq, r);
        Ping ping = Ping.of(seq, target.name(), self.address, self.name);
        if (target.state() == NodeState.ALIVE || !settings.buddySystem()) {
            dissemination.send(target.address(), ping, false);
        } else {
            // Buddy system: tell the suspect it is suspected, so it can refute at once.
            Suspect suspicion = new Suspect(target.incarnation(), target.name(), self.name);
            dissemination.sendOnly(target.address(), List.of(ping, suspicion), target.protocolMax() >= 5);
        }
        r.timeoutTimer = deadlines.arm(nowNanos + settings.probeTimeoutNanos(), Deadlines.Kind.PROBE_TIMEOUT, r);
        r.endTimer = deadlines.arm(end, Deadlines.Kind.PROBE_END, r);
    }

    /** No direct ack within the probe timeout: ask relays, and try TCP. */
    void probeTimeout(ProbeRound r, long nowNanos) {
        if (r != round) {
            return;
        }
        r.indirect = true;
        MemberRecord target = r.target;
        List<MemberRecord> relays = members.randomMembers(settings.indirectChecks(), m -> m.name().equals(self.name)
                || m.name().equals(target.name()) || m.state() != NodeState.ALIVE);
        byte[] selfIp = self.address.ip();
        byte[] targetIp = target.address().ip();
        for (MemberRecord relay : relays) {
            boolean nack = relay.protocolMax() >= 4;
            if (nack) {
                r.expectedNacks++;
            }
            IndirectPing request = new IndirectPing(r.seqNo, targetIp, target.address().port(), target.name(), nack,
                    selfIp, self.address.port(), self.name);
            dissemination.send(relay.address(), request, false);
        }
        if (settings.tcpPings() && target.protocolMax() >= 3) {
            Ping ping = Ping.of(r.seqNo, target.name(), self.address, self.name);
            streams.openTcpPing(r, target.address(), ping, r.endNanos);
        }
    }

    /** The probe's time is up without an ack: suspect the target, unless TCP got through. */
    void probeEnd(ProbeRound r, long nowNanos) {
        if (r != round) {
            return;
        }
        ackHandlers.remove(r.seqNo);
        round = null;
        if (r.tcpAcked) {
            awareness.applyDelta(-1); // reachable, but UDP to it is failing: the network may be misconfigured
            return;
        }
        awareness.applyDelta(r.failurePenalty());
        probeFailures++;
        changes.suspect(new Suspect(r.target.incarnation(), r.target.name(), self.name), nowNanos);
    }

    /** The TCP fallback ping of {@code r} was answered. */
    void tcpPingAcked(ProbeRound r, Message reply) {
        if (r == round && reply instanceof Ack ack && ack.seqNo() == r.seqNo) {
            r.tcpAcked = true;
        }
    }

    void onPing(Address from, Ping ping) {
        if (!ping.node().isEmpty() && !ping.node().equals(self.name)) {
            return; // meant for a node that used to live at this address
        }
        dissemination.send(replyAddress(from, ping.sourceAddr(), ping.sourcePort()), new Ack(ping.seqNo(), ackPayload),
                false);
    }

    void onIndirectPing(Address from, IndirectPing request, long nowNanos) {
        byte[] target = request.target();
        if (target == null || (target.length != 4 && target.length != 16)) {
            return;
        }
        // Protocol 1 peers send no port: assume ours.
        int port = settings.protocolVersion() < 2 || request.port() == 0 ? self.address.port() : request.port();
        long seq = nextSeqNo();
        Address requester = replyAddress(from, request.sourceAddr(), request.sourcePort());
        Deadlines.Timer timer = deadlines.arm(nowNanos + settings.probeTimeoutNanos(), Deadlines.Kind.RELAY, seq);
        ackHandlers.put(seq, new Relay(request.seqNo(), requester, request.nack(), timer));
        dissemination.send(Address.of(target, port), Ping.of(seq, request.node(), self.address, self.name), false);
    }

    /** A relayed ping went unanswered for the probe timeout: nack if the requester asked for it. */
    void relayTimeout(long seq) {
        if (ackHandlers.get(seq) instanceof Relay relay) {
            ackHandlers.remove(seq);
            if (relay.nack()) {
                dissemination.send(relay.requester(), new Nack(relay.requesterSeqNo()), false);
            }
        }
    }

    void onAck(Ack ack, long nowNanos) {
        Object handler = ackHandlers.remove(ack.seqNo());
        if (handler instanceof Relay relay) {
            relay.timer().cancel();
            dissemination.send(relay.requester(), new Ack(relay.requesterSeqNo(), null), false);
        } else if (handler instanceof ProbeRound r && r == round) {
            round = null;
            r.cancelTimers();
            awareness.applyDelta(-1);
            probeAcks++;
            probeAckNanos += nowNanos - r.startNanos;
            if (!r.indirect && pingObserved) {
                MemberRecord now = members.get(r.target.name());
                MemberRecord about = now != null ? now : r.target;
                outbox.add(new Effect.Notify(new MembershipEvent.PingComplete(about.toNode(),
                        nowNanos - r.startNanos, ack.payload())));
            }
        }
    }

    void onNack(Nack nack) {
        if (ackHandlers.get(nack.seqNo()) instanceof ProbeRound r && r == round) {
            r.nacks++;
        }
    }

    /** Probe rounds started so far. */
    long probes() {
        return probes;
    }

    /** Probe rounds that ended without any ack and so in a suspicion. */
    long probeFailures() {
        return probeFailures;
    }

    /** Probe rounds answered by an ack (direct or relayed). */
    long probeAcks() {
        return probeAcks;
    }

    /** Total time from ping to ack over {@link #probeAcks()}. */
    long probeAckNanos() {
        return probeAckNanos;
    }

    /** The probe in flight, for tests and reports; null between probes. */
    ProbeRound round() {
        return round;
    }

    private long nextSeqNo() {
        seqNo = (seqNo + 1) & 0xFFFF_FFFFL;
        return seqNo;
    }

    private static Address replyAddress(Address from, byte[] sourceAddr, int sourcePort) {
        if (sourceAddr != null && (sourceAddr.length == 4 || sourceAddr.length == 16) && sourcePort > 0) {
            return Address.of(sourceAddr, sourcePort);
        }
        return from;
    }
}
