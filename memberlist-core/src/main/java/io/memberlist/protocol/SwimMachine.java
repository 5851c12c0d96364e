package io.memberlist.protocol;

import io.memberlist.Config;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.wire.Ack;
import io.memberlist.wire.Address;
import io.memberlist.wire.Alive;
import io.memberlist.wire.Dead;
import io.memberlist.wire.ErrorResponse;
import io.memberlist.wire.IndirectPing;
import io.memberlist.wire.Message;
import io.memberlist.wire.Nack;
import io.memberlist.wire.Ping;
import io.memberlist.wire.PushPull;
import io.memberlist.wire.Suspect;
import io.memberlist.wire.WireSize;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The memberlist protocol as a pure state machine: SWIM failure detection and dissemination with
 * HashiCorp's extensions (push/pull anti-entropy, TCP fallback pings, leave) and Lifeguard (awareness,
 * dynamic suspicion, buddy system). It does no I/O, reads no clock and owns no thread.
 *
 * <p>Contract: exactly one thread at a time calls it. Every input carries the current monotonic time in
 * nanoseconds, never decreasing. Inputs queue {@link Effect}s, which the driver MUST take with
 * {@link #drainEffects} and execute in order; then it MUST arrange to call {@link #onTimeout} at
 * {@link #nextDeadline()}. Outcomes of effects (stream replies, failures) come back as inputs. The same
 * machine runs in production (driven by Netty) and in the simulator (driven by a virtual clock).
 */
public final class SwimMachine {
    private final Settings settings;
    private final LocalNode self;
    private final Members members;
    private final Deadlines deadlines = new Deadlines();
    private final Outbox outbox = new Outbox();
    private final Awareness awareness;
    private final Dissemination dissemination;
    private final StateChanges changes;
    private final FailureDetector detector;
    private final PushPullMerge pushPull;
    private final Streams streams;
    private final RandomGenerator random;
    private long nextToken = 1;
    private long blockedAlives;

    private SwimMachine(Config config, Address advertise, byte[] meta, Members members, long incarnation,
                        RandomGenerator random) {
        this.settings = Settings.of(config);
        this.random = random;
        this.members = members;
        this.self = new LocalNode(config.name(), advertise, meta == null ? new byte[0] : meta, config.versions(),
                incarnation);
        this.awareness = new Awareness(settings.awarenessMaxMultiplier(), settings.awareness());
        this.dissemination = new Dissemination(settings, members, outbox,
                token -> outbox.add(new Effect.BroadcastDone(token)));
        this.changes = new StateChanges(settings, self, members, dissemination, deadlines, awareness, outbox);
        this.streams = new Streams(outbox);
        this.detector = new FailureDetector(settings, self, members, deadlines, dissemination, changes, awareness,
                outbox, streams, config.ping() != null);
        this.pushPull = new PushPullMerge(settings, self, members, changes, outbox);
    }

    /**
     * A node that knows only itself: it claims itself alive at incarnation 1 (telling the application it
     * joined) and staggers its first probe, gossip and push/pull randomly within their intervals.
     *
     * @param advertise the address other nodes reach this one at, in the byte form it must keep
     * @param meta      the node's meta, at most {@link Config#META_MAX_SIZE} bytes
     */
    public static SwimMachine start(Config config, Address advertise, byte[] meta, RandomGenerator random,
                                    long nowNanos) {
        checkMeta(meta);
        SwimMachine m = new SwimMachine(config, advertise, meta, new Members(random), 0, random);
        long inc = m.self.nextIncarnation();
        m.changes.alive(m.self.aliveAt(inc), true, 0, nowNanos);
        m.scheduleLoops(nowNanos);
        return m;
    }

    /**
     * A node that starts inside an already converged cluster: its view is {@code view} (shared, not
     * copied), which must contain this node. For the simulator and tests, so that runs measure an event
     * rather than thousands of joins.
     */
    public static SwimMachine startConverged(Config config, ConvergedView view, RandomGenerator random,
                                             long nowNanos) {
        MemberRecord me = view.get(config.name());
        if (me == null) {
            throw new IllegalArgumentException("the converged view has no node named '" + config.name() + "'");
        }
        Members members = new Members(view, view.shuffledNames(random), random);
        SwimMachine m = new SwimMachine(config, me.address(), me.meta(), members, me.incarnation(), random);
        m.scheduleLoops(nowNanos);
        return m;
    }

    private void scheduleLoops(long nowNanos) {
        // Random initial stagger, so that nodes started together do not probe and gossip in lockstep.
        deadlines.arm(nowNanos + stagger(settings.probeIntervalNanos()), Deadlines.Kind.PROBE_TICK, null);
        deadlines.arm(nowNanos + stagger(settings.gossipIntervalNanos()), Deadlines.Kind.GOSSIP_TICK, null);
        if (settings.pushPullIntervalNanos() > 0) {
            long interval = Timing.pushPullScale(settings.pushPullIntervalNanos(), members.size());
            deadlines.arm(nowNanos + stagger(interval), Deadlines.Kind.PUSH_PULL_TICK, null);
        }
    }

    // ---- inputs -------------------------------------------------------------------------------------------

    /** A message that arrived in a UDP packet from {@code from} (compounds already unpacked by the driver). */
    public void onPacket(Address from, Message message, long nowNanos) {
        if (message instanceof Ping p) {
            detector.onPing(from, p);
        } else if (message instanceof IndirectPing p) {
            detector.onIndirectPing(from, p, nowNanos);
        } else if (message instanceof Ack a) {
            detector.onAck(a, nowNanos);
        } else if (message instanceof Nack n) {
            detector.onNack(n);
        } else if (message instanceof Alive a) {
            if (allowedAlive(from, a)) {
                changes.alive(a, false, 0, nowNanos);
            }
        } else if (message instanceof Suspect s) {
            changes.suspect(s, nowNanos);
        } else if (message instanceof Dead d) {
            changes.dead(d, 0, nowNanos);
        }
        // User messages are the driver's: they never touch membership.
    }

    /**
     * Go's {@code handleAlive}: with {@code cidrsAllowed} set, an alive packet counts only when both its UDP
     * source and the address it claims are allowed, on every alive (not only for new names or new addresses,
     * which {@link StateChanges#alive} checks for push/pull too). A claimed address that is not an IP is
     * left to {@link StateChanges#alive}, which drops it.
     */
    private boolean allowedAlive(Address from, Alive a) {
        CidrFilter cidrs = settings.cidrs();
        if (cidrs.allowsAll()) {
            return true;
        }
        boolean claimedIp = a.addr() != null && (a.addr().length == 4 || a.addr().length == 16);
        if (cidrs.allows(from.ip()) && (!claimedIp || cidrs.allows(a.addr()))) {
            return true;
        }
        blockedAlives++;
        return false;
    }

    /**
     * An inbound TCP stream carried {@code request}: a push/pull is answered with the local state and then
     * merged; a TCP ping is acked. The answer is a {@link Effect.ReplyStream}, whose reply is null when the
     * stream should just be closed.
     */
    public void onStream(long streamId, Address from, Message request, long nowNanos) {
        if (request instanceof PushPull remote) {
            outbox.add(new Effect.ReplyStream(streamId, pushPull.localState(remote.join())));
            pushPull.merge(remote, remote.join(), nowNanos);
        } else if (request instanceof Ping p && (p.node().isEmpty() || p.node().equals(self.name))) {
            outbox.add(new Effect.ReplyStream(streamId, new Ack(p.seqNo(), null)));
        } else {
            outbox.add(new Effect.ReplyStream(streamId, null));
        }
    }

    /** The reply to a stream this machine opened with {@link Effect.OpenStream}. */
    public void onStreamReply(long streamId, Message reply, long nowNanos) {
        Boolean join = streams.takePushPull(streamId);
        if (join != null) {
            PushPullMerge.Refusal refusal;
            if (reply instanceof PushPull remote) {
                refusal = pushPull.merge(remote, join, nowNanos);
            } else if (reply instanceof ErrorResponse e) {
                refusal = new PushPullMerge.Refusal("remote error: " + e.error(), false);
            } else {
                refusal = new PushPullMerge.Refusal("unexpected reply to a push/pull: "
                        + (reply == null ? "nothing" : reply.type()), false);
            }
            outbox.add(refusal == null ? new Effect.PushPullDone(streamId, join, null)
                    : new Effect.PushPullDone(streamId, join, refusal.reason(), refusal.nameTaken()));
            return;
        }
        ProbeRound round = streams.takeTcpPing(streamId);
        if (round != null) {
            detector.tcpPingAcked(round, reply);
        }
    }

    /** A stream this machine opened failed (refused, reset, malformed or past its deadline). */
    public void onStreamFailed(long streamId, String reason, long nowNanos) {
        Boolean join = streams.takePushPull(streamId);
        if (join != null) {
            outbox.add(new Effect.PushPullDone(streamId, join, reason));
            return;
        }
        streams.takeTcpPing(streamId);
    }

    /** Time passed: fires every timer due at {@code nowNanos}, earliest first. */
    public void onTimeout(long nowNanos) {
        Deadlines.Timer t;
        while ((t = deadlines.pollDue(nowNanos)) != null) {
            switch (t.kind) {
                case PROBE_TICK -> detector.tick(nowNanos);
                case PROBE_TIMEOUT -> detector.probeTimeout((ProbeRound) t.subject, nowNanos);
                case PROBE_END -> detector.probeEnd((ProbeRound) t.subject, nowNanos);
                case RELAY -> detector.relayTimeout((Long) t.subject);
                case SUSPICION -> changes.suspicionExpired((String) t.subject, nowNanos);
                case GOSSIP_TICK -> {
                    deadlines.arm(nowNanos + settings.gossipIntervalNanos(), Deadlines.Kind.GOSSIP_TICK, null);
                    dissemination.gossip(self.name, nowNanos);
                }
                case PUSH_PULL_TICK -> pushPullTick(nowNanos);
            }
        }
    }

    private void pushPullTick(long nowNanos) {
        long interval = Timing.pushPullScale(settings.pushPullIntervalNanos(), members.size());
        deadlines.arm(nowNanos + interval, Deadlines.Kind.PUSH_PULL_TICK, null);
        List<MemberRecord> peer = members.randomMembers(1,
                r -> r.name().equals(self.name) || r.state() != NodeState.ALIVE);
        if (!peer.isEmpty()) {
            streams.openPushPull(peer.get(0).address(), pushPull.localState(false),
                    nowNanos + settings.tcpTimeoutNanos());
        }
    }

    // ---- commands -----------------------------------------------------------------------------------------

    /**
     * Starts a join push/pull with {@code seed}; its outcome is a {@link Effect.PushPullDone} with the
     * returned stream id. The driver counts successes over all seeds.
     */
    public long join(Address seed, long nowNanos) {
        return streams.openPushPull(seed, pushPull.localState(true), nowNanos + settings.tcpTimeoutNanos());
    }

    /**
     * Leaves the cluster gracefully: the node declares itself dead (receivers mark it left) and keeps
     * taking part until shut down. Returns a token reported by {@link Effect.BroadcastDone} once the
     * announcement has been fully sent (at once when nobody else is alive); a second call only returns a
     * token that is done at once.
     */
    public long leave(long nowNanos) {
        long token = nextToken++;
        if (self.leaving()) {
            outbox.add(new Effect.BroadcastDone(token));
            return token;
        }
        self.markLeaving();
        MemberRecord me = members.get(self.name);
        changes.dead(new Dead(me.incarnation(), self.name, self.name), token, nowNanos);
        if (!anyOtherAlive()) {
            outbox.add(new Effect.BroadcastDone(token));
        }
        return token;
    }

    /**
     * Advertises new meta under a new incarnation. Returns a token reported by {@link Effect.BroadcastDone}
     * when the update has been fully gossiped.
     */
    public long updateMeta(byte[] meta, long nowNanos) {
        checkMeta(meta);
        long token = nextToken++;
        self.meta(meta == null ? new byte[0] : meta);
        changes.alive(self.aliveAt(self.nextIncarnation()), true, token, nowNanos);
        if (!anyOtherAlive()) {
            outbox.add(new Effect.BroadcastDone(token));
        }
        return token;
    }

    /**
     * Queues an application broadcast, piggybacked like memberlist's own in the room they leave. Returns false
     * (counted in {@link #droppedUserBroadcasts()}) when it is too large to fit any gossip packet.
     */
    public boolean queueUserBroadcast(byte[] payload) {
        return dissemination.broadcastUser(payload);
    }

    /**
     * One message from {@code Delegate.getBroadcasts}, piggybacked once in the room memberlist's own broadcasts
     * leave (the delegate decides about retransmission); false, and counted in {@link #droppedUserBroadcasts()},
     * when it is larger than any packet can carry ({@link #userBroadcastLimit()}).
     */
    public boolean offerUserMessage(byte[] payload) {
        return dissemination.offerUserOnce(payload);
    }

    /**
     * When to ask {@code Delegate.getBroadcasts}, and with which {@code limit}: positive once per packet that
     * piggybacked since the last asks (Go asks for every such packet), up to a gossip round ahead; 0 when
     * nothing went out since, or enough answers wait. Each positive answer is one ask the driver must make.
     */
    public int nextUserFetch() {
        return dissemination.nextUserFetch();
    }

    /**
     * The {@code limit} to give {@code Delegate.getBroadcasts}: the room of a gossip packet after the compound
     * header, the CRC, encryption and label overhead (Go: {@code UDPBufferSize} less those). Each message then
     * costs its length plus {@link #USER_BROADCAST_OVERHEAD}.
     */
    public int userBroadcastLimit() {
        return dissemination.packetRoom();
    }

    /** Per-message overhead to give {@code Delegate.getBroadcasts}: compound length prefix plus type byte. */
    public static final int USER_BROADCAST_OVERHEAD = WireSize.COMPOUND_OVERHEAD + 1;

    /** Application broadcasts (and ack payloads) refused because they could never fit in a packet. */
    public long droppedUserBroadcasts() {
        return dissemination.droppedUserBroadcasts();
    }

    /**
     * The payload this node puts in acks to direct pings ({@code PingDelegate.ackPayload}). False, counted in
     * {@link #droppedUserBroadcasts()}, when an ack carrying it could not fit a packet: acks then go out without
     * a payload. Diverges from Go: Go sends the oversized ack, which the network may drop or fragment.
     */
    public boolean setAckPayload(byte[] payload) {
        if (payload != null && WireSize.of(new Ack(0xFFFF_FFFFL, payload)) > dissemination.packetRoom()) {
            dissemination.refused();
            detector.ackPayload(null);
            return false;
        }
        detector.ackPayload(payload);
        return true;
    }

    // ---- queries ------------------------------------------------------------------------------------------

    /** Hands over, in order, every effect produced since the last call. */
    public void drainEffects(Consumer<? super Effect> sink) {
        outbox.drainTo(sink);
    }

    /** The earliest time {@link #onTimeout} has work, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return deadlines.next();
    }

    public String name() {
        return self.name;
    }

    public Address address() {
        return self.address;
    }

    /** What this node believes of {@code name}, or null when it does not know it (or reaped it). */
    public MemberRecord member(String name) {
        return members.get(name);
    }

    /** Snapshots of every known member, dead and left ones not yet reaped included. */
    public List<Node> nodes() {
        List<Node> all = new ArrayList<>(members.size());
        members.forEach(r -> all.add(r.toNode()));
        return all;
    }

    /** The local node as it currently advertises itself. */
    public Node localNode() {
        return members.get(self.name).toNode();
    }

    /** Members that are alive or suspect (Go's {@code NumMembers}, the local node included). */
    public int numMembers() {
        return members.live();
    }

    /** Known members, dead and left included (Go's {@code estNumNodes}). */
    public int knownNodes() {
        return members.size();
    }

    /** Lifeguard's local health score: 0 is healthy; probes run {@code score + 1} times slower. */
    public int healthScore() {
        return awareness.score();
    }

    /** Increases whenever the view changes; equal values mean equal views. */
    public long version() {
        return members.version();
    }

    /** Broadcasts waiting to be piggybacked (memberlist's and the application's). */
    public int queuedBroadcasts() {
        return dissemination.queued();
    }

    /** Probe rounds started since the machine started. */
    public long probes() {
        return detector.probes();
    }

    /** Probe rounds that failed (no ack, direct, indirect or TCP) and so raised a suspicion. */
    public long probeFailures() {
        return detector.probeFailures();
    }

    /** Probe rounds answered by an ack, direct or through a relay. */
    public long probeAcks() {
        return detector.probeAcks();
    }

    /** Total ping-to-ack time of the answered probe rounds, in nanoseconds. */
    public long probeAckNanos() {
        return detector.probeAckNanos();
    }

    /** Alive or merge delegate calls that threw; each counts as a rejection of what it was asked about. */
    public long delegateFailures() {
        return changes.delegateFailures();
    }

    /** Alive packets dropped because their source or claimed address is outside {@code cidrsAllowed}. */
    public long blockedAlives() {
        return blockedAlives;
    }

    public boolean hasLeft() {
        return self.leaving();
    }

    /** The incarnation this node last claimed for itself. */
    /** Push/pull merges that walked only the changes against a shared converged view (for tests). */
    long changesOnlyMerges() {
        return pushPull.changesOnlyMerges();
    }

    public long incarnation() {
        return members.get(self.name).incarnation();
    }

    private boolean anyOtherAlive() {
        return members.anyOther(self.name, r -> !r.state().isDeadOrLeft());
    }

    private long stagger(long intervalNanos) {
        return intervalNanos <= 0 ? 0 : random.nextLong(intervalNanos);
    }

    private static void checkMeta(byte[] meta) {
        if (meta != null && meta.length > Config.META_MAX_SIZE) {
            throw new IllegalArgumentException("node meta is " + meta.length + " bytes, more than the "
                    + Config.META_MAX_SIZE + " bytes memberlist allows: keep bulky data elsewhere");
        }
    }
}
