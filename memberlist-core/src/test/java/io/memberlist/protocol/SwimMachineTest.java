package io.memberlist.protocol;

import io.memberlist.Config;
import io.memberlist.MembershipEvent;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.delegate.PingDelegate;
import io.memberlist.wire.Ack;
import io.memberlist.wire.Address;
import io.memberlist.wire.Alive;
import io.memberlist.wire.Dead;
import io.memberlist.wire.ErrorResponse;
import io.memberlist.wire.IndirectPing;
import io.memberlist.wire.Message;
import io.memberlist.wire.Nack;
import io.memberlist.wire.Ping;
import io.memberlist.wire.PushNodeState;
import io.memberlist.wire.PushPull;
import io.memberlist.wire.Suspect;
import io.memberlist.wire.UserMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.memberlist.protocol.MachineHarness.A;
import static io.memberlist.protocol.MachineHarness.MS;
import static io.memberlist.protocol.MachineHarness.S;
import static io.memberlist.protocol.MachineHarness.VSN;
import static io.memberlist.protocol.MachineHarness.addr;
import static io.memberlist.protocol.MachineHarness.alive;
import static io.memberlist.protocol.MachineHarness.lan;
import static io.memberlist.protocol.MachineHarness.messagesIn;
import static io.memberlist.protocol.MachineHarness.ping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The machine driven by hand, one nested class per input. Node "a" (10.0.0.1:7946, LAN defaults) with
 * peers b, c, d at 10.0.0.2–4; every peer advertises protocol versions [1, 5, 2, 0, 0, 0].
 */
class SwimMachineTest {
    private static final long SEED = 42;

    private static MachineHarness node(Config config) {
        return new MachineHarness(config, SEED);
    }

    private static MachineHarness node() {
        return node(lan().build());
    }

    private static MachineHarness cluster() {
        return node().withPeers("b", "c", "d");
    }

    private static PushNodeState state(String name, long incarnation, NodeState state) {
        return new PushNodeState(name, addr(name).ip(), 7946, null, incarnation, state.code(), VSN.clone());
    }

    private static Address otherAddr(int last) {
        return Address.ipv4(10, 0, 0, last, 7946);
    }

    @Nested
    class Start {
        @Test
        void start_newNode_claimsIncarnationOneAndNotifiesJoinedForItself() {
            MachineHarness h = node();
            assertThat(h.m.incarnation()).isEqualTo(1);
            assertThat(h.m.member("a").state()).isEqualTo(NodeState.ALIVE);
            assertThat(h.events(MembershipEvent.Joined.class)).extracting(j -> j.node().name()).containsExactly("a");
            assertThat(h.m.numMembers()).isEqualTo(1);
            assertThat(h.m.localNode().address()).isEqualTo(A);
            assertThat(h.m.localNode().versions()).containsExactly(1, 5, 2, 0, 0, 0);
        }

        @Test
        void start_loops_staggeredWithinTheirIntervals() {
            MachineHarness h = node();
            assertThat(h.m.nextDeadline()).isBetween(h.now, h.now + 200 * MS);
        }

        @Test
        void start_metaOverLimit_throwsNamingTheLimit() {
            assertThatThrownBy(() -> new MachineHarness(lan().build(), 1, new byte[513]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512");
        }

        @Test
        void startConverged_sharedView_knowsEveryoneWithoutJoinEvents() {
            List<Node> nodes = new ArrayList<>();
            for (String n : List.of("a", "b", "c")) {
                nodes.add(new Node(n, addr(n), null, NodeState.ALIVE, 3, VSN));
            }
            ConvergedView view = ConvergedView.of(nodes, 0);
            SwimMachine m = SwimMachine.startConverged(lan().build(), view, new java.util.SplittableRandom(1), 0);
            List<Effect> effects = new ArrayList<>();
            m.drainEffects(effects::add);
            assertThat(effects).isEmpty();
            assertThat(m.numMembers()).isEqualTo(3);
            assertThat(m.incarnation()).isEqualTo(3);
            assertThat(m.address()).isEqualTo(addr("a"));
        }

        @Test
        void startConverged_nameMissingFromView_throws() {
            ConvergedView view = ConvergedView.of(List.of(new Node("b", addr("b"), null, NodeState.ALIVE, 1, VSN)), 0);
            assertThatThrownBy(() -> SwimMachine.startConverged(lan().build(), view, new java.util.SplittableRandom(1), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        }
    }

    @Nested
    class OnPacketPing {
        MachineHarness h;

        @BeforeEach
        void setUp() {
            h = cluster();
        }

        @Test
        void onPing_forAnotherNodeName_isDropped() {
            assertThat(h.packet("b", new Ping(7, "someone-else", addr("b").ip(), 7946, "b"))).isEmpty();
        }

        @Test
        void onPing_withSourceAddress_acksToSourceAddress() {
            Address source = Address.ipv4(192, 168, 9, 9, 9000);
            List<Effect> out = h.packet("b", new Ping(7, "a", source.ip(), source.port(), "b"));
            assertThat(out).singleElement().satisfies(e -> {
                Effect.SendPacket p = (Effect.SendPacket) e;
                assertThat(p.to()).isEqualTo(source);
                assertThat(p.messages().get(0)).isInstanceOfSatisfying(Ack.class, a -> assertThat(a.seqNo()).isEqualTo(7));
                assertThat(p.checksum()).isFalse();
            });
        }

        @Test
        void onPing_withoutSourceAddress_acksToPacketSender() {
            List<Effect> out = h.packet("b", new Ping(8, "a", null, 0, null));
            assertThat(((Effect.SendPacket) out.get(0)).to()).isEqualTo(addr("b"));
        }

        @Test
        void onPing_sourcePortZero_acksToPacketSender() {
            List<Effect> out = h.packet("b", new Ping(8, "a", Address.ipv4(192, 168, 9, 9, 1).ip(), 0, "b"));
            assertThat(((Effect.SendPacket) out.get(0)).to()).isEqualTo(addr("b"));
        }

        @Test
        void onPing_withoutNodeName_isAnswered() {
            List<Effect> out = h.packet("b", new Ping(9, "", null, 0, null));
            assertThat(messagesIn(out).get(0)).isInstanceOfSatisfying(Ack.class,
                    a -> assertThat(a.seqNo()).isEqualTo(9));
        }

        @Test
        void onPing_ackPayloadSet_ackCarriesIt() {
            byte[] payload = {1, 2, 3};
            h.m.setAckPayload(payload);
            List<Effect> out = h.packet("b", new Ping(10, "a", null, 0, null));
            assertThat(((Ack) messagesIn(out).get(0)).payload()).containsExactly(1, 2, 3);
        }

        @Test
        void onPing_broadcastsQueued_piggybacksThemOnTheAck() {
            List<Message> sent = messagesIn(h.packet("b", new Ping(11, "a", null, 0, null)));
            assertThat(sent.get(0)).isInstanceOf(Ack.class);
            assertThat(sent.subList(1, sent.size())).isNotEmpty().allMatch(m -> m instanceof Alive);
        }
    }

    @Nested
    class OnPacketIndirectPing {
        MachineHarness h;

        @BeforeEach
        void setUp() {
            h = node().withPeers("b", "c");
        }

        private IndirectPing request(boolean nack) {
            return new IndirectPing(77, addr("c").ip(), 7946, "c", nack, addr("b").ip(), 7946, "b");
        }

        private Ping relayedPing(List<Effect> out) {
            Effect.SendPacket p = (Effect.SendPacket) out.get(0);
            assertThat(p.to()).isEqualTo(addr("c"));
            return ping(p);
        }

        @Test
        void onIndirectPing_pingsTargetWithNewSeqNoAndOwnSource() {
            Ping ping = relayedPing(h.packet("b", request(true)));
            assertThat(ping.node()).isEqualTo("c");
            assertThat(ping.seqNo()).isNotEqualTo(77);
            assertThat(ping.sourceAddr()).containsExactly(A.ip());
            assertThat(ping.sourcePort()).isEqualTo(7946);
            assertThat(ping.sourceNode()).isEqualTo("a");
        }

        @Test
        void onAck_fromIndirectTarget_forwardsAckToRequester() {
            Ping ping = relayedPing(h.packet("b", request(true)));
            List<Effect> out = h.packet("c", new Ack(ping.seqNo(), new byte[] {9}));
            Effect.SendPacket forwarded = (Effect.SendPacket) out.get(0);
            assertThat(forwarded.to()).isEqualTo(addr("b"));
            assertThat(forwarded.messages().get(0)).isInstanceOfSatisfying(Ack.class, a -> {
                assertThat(a.seqNo()).isEqualTo(77);
                assertThat(a.payload()).isNull();
            });
        }

        @Test
        void onIndirectPing_noSourceAddress_forwardsAckToPacketSender() {
            IndirectPing req = new IndirectPing(78, addr("c").ip(), 7946, "c", false, null, 0, null);
            Ping ping = relayedPing(h.packet("d", req));
            Effect.SendPacket forwarded = (Effect.SendPacket) h.packet("c", new Ack(ping.seqNo(), null)).get(0);
            assertThat(forwarded.to()).isEqualTo(addr("d"));
        }

        @Test
        void onIndirectPing_nackRequestedNoAck_sendsNackAfterProbeTimeout() {
            long t = h.now;
            h.packet("b", request(true));
            h.advanceTo(t + 499 * MS);
            assertThat(h.sent(Nack.class)).isEmpty();
            h.advanceTo(t + 500 * MS);
            assertThat(h.packetsTo(addr("b"))).anySatisfy(p ->
                    assertThat(p.messages().get(0)).isEqualTo(new Nack(77)));
        }

        @Test
        void onIndirectPing_nackNotRequested_sendsNothingAfterProbeTimeout() {
            long t = h.now;
            h.packet("b", request(false));
            h.advanceTo(t + 2 * S);
            assertThat(h.sent(Nack.class)).isEmpty();
            assertThat(h.sent(Ack.class, a -> a.seqNo() == 77)).isEmpty();
        }

        @Test
        void onIndirectPing_ackBeforeTimeout_sendsNoNack() {
            Ping ping = relayedPing(h.packet("b", request(true)));
            h.advanceBy(100 * MS);
            h.packet("c", new Ack(ping.seqNo(), null));
            h.advanceBy(2 * S);
            assertThat(h.sent(Nack.class)).isEmpty();
        }

        @Test
        void onAck_afterRelayTimeout_isNotForwarded() {
            Ping ping = relayedPing(h.packet("b", request(false)));
            h.advanceBy(500 * MS);
            List<Effect> out = h.packet("c", new Ack(ping.seqNo(), null));
            assertThat(messagesIn(out)).noneMatch(m -> m instanceof Ack a && a.seqNo() == 77);
        }

        @Test
        void onIndirectPing_portZero_pingsOwnPort() {
            IndirectPing req = new IndirectPing(79, Address.ipv4(10, 0, 0, 50, 1).ip(), 0, "x", false,
                    addr("b").ip(), 7946, "b");
            Effect.SendPacket p = (Effect.SendPacket) h.packet("b", req).get(0);
            assertThat(p.to()).isEqualTo(Address.ipv4(10, 0, 0, 50, 7946));
        }

        @Test
        void onIndirectPing_targetNotAnIp_isIgnored() {
            IndirectPing req = new IndirectPing(80, new byte[] {1, 2, 3}, 7946, "c", true, null, 0, null);
            assertThat(h.packet("b", req)).isEmpty();
        }
    }

    @Nested
    class OnTimeoutProbe {

        @Test
        void probeTick_sendsDirectPingToTargetWithOwnSource() {
            MachineHarness h = cluster();
            Effect.SendPacket p = h.awaitProbe();
            Ping ping = ping(p);
            assertThat(ping.node()).isIn("b", "c", "d");
            assertThat(p.to()).isEqualTo(addr(ping.node()));
            assertThat(ping.sourceAddr()).containsExactly(A.ip());
            assertThat(ping.sourcePort()).isEqualTo(7946);
            assertThat(ping.sourceNode()).isEqualTo("a");
        }

        @Test
        void probeTick_alone_sendsNothing() {
            MachineHarness h = node();
            h.advanceBy(10 * S);
            assertThat(h.packets()).isEmpty();
        }

        @Test
        void probeTick_roundRobin_probesEveryPeerOncePerRound() {
            MachineHarness h = cluster();
            h.autoAck = true;
            List<String> targets = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                targets.add(ping(h.awaitProbe()).node());
            }
            assertThat(targets.subList(0, 3)).containsExactlyInAnyOrder("b", "c", "d");
            assertThat(targets.subList(3, 6)).containsExactlyInAnyOrder("b", "c", "d");
        }

        @Test
        void onAck_withinProbeTimeout_completesProbeAndLowersAwareness() {
            MachineHarness h = cluster();
            h.packet("b", new Suspect(1, "a", "b")); // refuting raises the health score to 1
            assertThat(h.m.healthScore()).isEqualTo(1);
            Effect.SendPacket p = h.awaitProbe();
            long start = h.now;
            String target = ping(p).node();
            h.advanceBy(10 * MS);
            h.packet(target, new Ack(ping(p).seqNo(), null));

            assertThat(h.m.healthScore()).isZero();
            assertThat(h.m.probeAcks()).isEqualTo(1);
            assertThat(h.m.probeAckNanos()).isEqualTo(10 * MS);
            h.advanceTo(start + 1_900 * MS);
            assertThat(h.sent(IndirectPing.class, i -> i.seqNo() == ping(p).seqNo())).isEmpty();
            assertThat(h.m.member(target).state()).isEqualTo(NodeState.ALIVE);
        }

        @Test
        void onAck_direct_withPingDelegate_notifiesPingCompleteWithRtt() {
            MachineHarness h = node(lan().ping(new PingDelegate() {
            }).build()).withPeers("b", "c", "d");
            Effect.SendPacket p = h.awaitProbe();
            h.advanceBy(30 * MS);
            h.packet(ping(p).node(), new Ack(ping(p).seqNo(), new byte[] {4, 2}));

            assertThat(h.events(MembershipEvent.PingComplete.class)).singleElement().satisfies(pc -> {
                assertThat(pc.node().name()).isEqualTo(ping(p).node());
                assertThat(pc.rttNanos()).isEqualTo(30 * MS);
                assertThat(pc.payload()).containsExactly(4, 2);
            });
        }

        @Test
        void onAck_afterProbeTimeout_completesProbeWithoutPingComplete() {
            MachineHarness h = node(lan().ping(new PingDelegate() {
            }).build()).withPeers("b", "c", "d");
            Effect.SendPacket p = h.awaitProbe();
            long start = h.now;
            h.advanceTo(start + 600 * MS);
            h.packet(ping(p).node(), new Ack(ping(p).seqNo(), null)); // e.g. forwarded by a relay
            h.advanceTo(start + 1_000 * MS);
            assertThat(h.events(MembershipEvent.PingComplete.class)).isEmpty();
            assertThat(h.m.member(ping(p).node()).state()).isEqualTo(NodeState.ALIVE);
        }

        @Test
        void onAck_unknownSeqNo_isIgnored() {
            MachineHarness h = cluster();
            assertThat(h.packet("b", new Ack(12345, null))).isEmpty();
        }

        @Test
        void probeTimeout_noAck_sendsIndirectPingsWithSameSeqAndTcpPing() {
            MachineHarness h = cluster();
            Effect.SendPacket p = h.awaitProbe();
            long start = h.now;
            Ping ping = ping(p);
            h.advanceTo(start + 499 * MS);
            assertThat(h.sent(IndirectPing.class)).isEmpty();

            h.advanceTo(start + 500 * MS);
            List<Effect.SendPacket> requests = h.packets().stream()
                    .filter(x -> x.messages().get(0) instanceof IndirectPing).toList();
            assertThat(requests).extracting(Effect.SendPacket::to)
                    .containsExactlyInAnyOrderElementsOf(List.of("b", "c", "d").stream()
                            .filter(n -> !n.equals(ping.node())).map(MachineHarness::addr).toList());
            for (Effect.SendPacket r : requests) {
                IndirectPing ind = (IndirectPing) r.messages().get(0);
                assertThat(ind.seqNo()).isEqualTo(ping.seqNo());
                assertThat(ind.target()).containsExactly(addr(ping.node()).ip());
                assertThat(ind.port()).isEqualTo(7946);
                assertThat(ind.node()).isEqualTo(ping.node());
                assertThat(ind.nack()).isTrue();
                assertThat(ind.sourceAddr()).containsExactly(A.ip());
                assertThat(ind.sourceNode()).isEqualTo("a");
            }
            assertThat(h.effects(Effect.OpenStream.class)).singleElement().satisfies(o -> {
                assertThat(o.to()).isEqualTo(addr(ping.node()));
                assertThat(o.request()).isInstanceOfSatisfying(Ping.class, tcp -> {
                    assertThat(tcp.seqNo()).isEqualTo(ping.seqNo());
                    assertThat(tcp.node()).isEqualTo(ping.node());
                });
                assertThat(o.deadlineNanos()).isEqualTo(start + S);
            });
        }

        // Go's probeNode picks relays with kRandomNodes(..., n.State != StateAlive excluded): a suspect or dead
        // member cannot vouch for the target. Several seeds, so that at least one would draw a non-alive
        // member if the filter let it through (the random pick tries 3n times, not every member).
        @Test
        void probeTimeout_relays_onlyAliveMembersOtherThanUsAndTheTarget() {
            for (long seed = 1; seed <= 8; seed++) {
                MachineHarness h = new MachineHarness(lan().build(), seed).withPeers("b", "c", "d", "e", "f");
                String target = ping(h.awaitProbe()).node();
                List<String> others = new ArrayList<>(List.of("b", "c", "d", "e", "f"));
                others.remove(target);
                String suspect = others.get(0);
                String dead = others.get(1);
                List<String> alive = others.subList(2, 4);
                h.packet(alive.get(0), new Suspect(1, suspect, alive.get(0)));
                h.packet(alive.get(0), new Dead(1, dead, alive.get(0)));
                assertThat(h.m.member(suspect).state()).isEqualTo(NodeState.SUSPECT);
                assertThat(h.m.member(dead).state()).isEqualTo(NodeState.DEAD);

                h.advanceBy(500 * MS); // the probe timeout: ask relays
                List<Address> relays = h.packets().stream()
                        .filter(p -> p.messages().get(0) instanceof IndirectPing).map(Effect.SendPacket::to).toList();
                assertThat(relays).as("seed %d, target %s: relays", seed, target)
                        .containsExactlyInAnyOrderElementsOf(alive.stream().map(MachineHarness::addr).toList());
            }
        }

        @Test
        void probeTimeout_relaysBelowProtocol4_requestNoNack() {
            MachineHarness h = node();
            for (String n : List.of("b", "c", "d")) {
                h.packet(n, new Alive(1, n, addr(n).ip(), 7946, null, new byte[] {1, 3, 2, 0, 0, 0}));
            }
            Effect.SendPacket p = h.awaitProbe();
            h.advanceBy(500 * MS);
            assertThat(h.sent(IndirectPing.class)).hasSize(2).noneMatch(IndirectPing::nack);
            assertThat(h.effects(Effect.OpenStream.class)).hasSize(1); // protocol 3 still gets a TCP ping
        }

        @Test
        void probeTimeout_targetBelowProtocol3_noTcpPing() {
            MachineHarness h = node();
            for (String n : List.of("b", "c", "d")) {
                h.packet(n, new Alive(1, n, addr(n).ip(), 7946, null, new byte[] {1, 2, 2, 0, 0, 0}));
            }
            h.awaitProbe();
            h.advanceBy(500 * MS);
            assertThat(h.sent(IndirectPing.class)).hasSize(2);
            assertThat(h.effects(Effect.OpenStream.class)).isEmpty();
        }

        @Test
        void probeTimeout_tcpPingsDisabled_noTcpPing() {
            MachineHarness h = node(lan().disableTcpPings(true).build()).withPeers("b", "c", "d");
            h.awaitProbe();
            h.advanceBy(500 * MS);
            assertThat(h.effects(Effect.OpenStream.class)).isEmpty();
        }

        @Test
        void probeEnd_noAckNoNacks_suspectsTargetAndAddsMissingNacksToAwareness() {
            MachineHarness h = cluster();
            Effect.SendPacket p = h.awaitProbe();
            long start = h.now;
            String target = ping(p).node();
            h.advanceTo(start + 999 * MS);
            assertThat(h.m.member(target).state()).isEqualTo(NodeState.ALIVE);

            h.advanceTo(start + S);
            assertThat(h.m.member(target).state()).isEqualTo(NodeState.SUSPECT);
            assertThat(h.m.member(target).incarnation()).isEqualTo(1);
            assertThat(h.m.healthScore()).isEqualTo(2); // two relays promised nacks, none came
        }

        @Test
        void probeEnd_suspicion_isGossiped() {
            MachineHarness h = cluster();
            String target = ping(h.awaitProbe()).node();
            h.advanceBy(S);
            h.effects.clear();
            h.advanceBy(S);
            assertThat(h.sent(Suspect.class, s -> s.node().equals(target))).isNotEmpty()
                    .allSatisfy(s -> assertThat(s).isEqualTo(new Suspect(1, target, "a")));
        }

        @Test
        void onNack_allRelaysNacked_noAwarenessPenalty() {
            MachineHarness h = cluster();
            Effect.SendPacket p = h.awaitProbe();
            h.advanceBy(500 * MS);
            for (IndirectPing ind : h.sent(IndirectPing.class)) {
                h.packet("b", new Nack(ind.seqNo()));
            }
            h.advanceBy(500 * MS);
            assertThat(h.m.member(ping(p).node()).state()).isEqualTo(NodeState.SUSPECT);
            assertThat(h.m.healthScore()).isZero();
        }

        @Test
        void onNack_oneOfTwo_penaltyOne() {
            MachineHarness h = cluster();
            Effect.SendPacket p = h.awaitProbe();
            h.advanceBy(500 * MS);
            h.packet("b", new Nack(ping(p).seqNo()));
            h.packet("b", new Nack(999)); // unknown: ignored
            h.advanceBy(500 * MS);
            assertThat(h.m.healthScore()).isEqualTo(1);
        }

        @Test
        void probeEnd_noRelayAvailable_penaltyOne() {
            MachineHarness h = node().withPeers("b");
            h.awaitProbe();
            h.advanceBy(S);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.SUSPECT);
            assertThat(h.m.healthScore()).isEqualTo(1);
        }

        @Test
        void probeEnd_tcpPingAcked_doesNotSuspect() {
            MachineHarness h = cluster();
            Effect.SendPacket p = h.awaitProbe();
            h.advanceBy(500 * MS);
            Effect.OpenStream tcp = h.effects(Effect.OpenStream.class).get(0);
            h.m.onStreamReply(tcp.streamId(), new Ack(ping(p).seqNo(), null), h.now);
            h.advanceBy(500 * MS);
            assertThat(h.m.member(ping(p).node()).state()).isEqualTo(NodeState.ALIVE);
            assertThat(h.m.healthScore()).isZero();
        }

        @Test
        void probeEnd_tcpPingAckedWithWrongSeq_suspects() {
            MachineHarness h = cluster();
            Effect.SendPacket p = h.awaitProbe();
            h.advanceBy(500 * MS);
            Effect.OpenStream tcp = h.effects(Effect.OpenStream.class).get(0);
            h.m.onStreamReply(tcp.streamId(), new Ack(ping(p).seqNo() + 1000, null), h.now);
            h.advanceBy(500 * MS);
            assertThat(h.m.member(ping(p).node()).state()).isEqualTo(NodeState.SUSPECT);
        }

        @Test
        void probeEnd_tcpPingFailed_suspects() {
            MachineHarness h = cluster();
            Effect.SendPacket p = h.awaitProbe();
            h.advanceBy(500 * MS);
            Effect.OpenStream tcp = h.effects(Effect.OpenStream.class).get(0);
            h.m.onStreamFailed(tcp.streamId(), "connection refused", h.now);
            h.advanceBy(500 * MS);
            assertThat(h.m.member(ping(p).node()).state()).isEqualTo(NodeState.SUSPECT);
        }

        @Test
        void probeEnd_awarenessOne_waitsTwoIntervalsButProbeTimeoutUnscaled() {
            MachineHarness h = cluster();
            h.packet("b", new Suspect(1, "a", "b"));
            assertThat(h.m.healthScore()).isEqualTo(1);
            Effect.SendPacket p = h.awaitProbe();
            long start = h.now;
            h.advanceTo(start + 500 * MS);
            assertThat(h.sent(IndirectPing.class, i -> i.seqNo() == ping(p).seqNo())).isNotEmpty();
            assertThat(h.effects(Effect.OpenStream.class)).singleElement()
                    .satisfies(o -> assertThat(o.deadlineNanos()).isEqualTo(start + 2 * S));

            h.advanceTo(start + 2 * S - 1);
            assertThat(h.m.member(ping(p).node()).state()).isEqualTo(NodeState.ALIVE);
            h.advanceTo(start + 2 * S);
            assertThat(h.m.member(ping(p).node()).state()).isEqualTo(NodeState.SUSPECT);
        }

        @Test
        void probeEnd_failedProbe_nextProbeStartsOneIntervalAfterTheFirst() {
            // Go's probe loop is a ticker with a one-slot channel: a probe that runs its full interval is
            // followed at once by the tick that fell due meanwhile, so failing probes do not halve the rate.
            MachineHarness h = cluster();
            Effect.SendPacket first = h.awaitProbe();
            long start = h.now;
            h.advanceTo(start + S);
            assertThat(h.packets()).anySatisfy(p -> {
                assertThat(p.messages().get(0)).isInstanceOfSatisfying(Ping.class, next -> {
                    assertThat(next.sourceNode()).isEqualTo("a");
                    assertThat(next.seqNo()).isNotEqualTo(ping(first).seqNo());
                });
            });
        }

        @Test
        void probeTick_suspectTarget_buddySystemSendsPingAndSuspectAlone() {
            MachineHarness h = cluster();
            // Make every peer suspect (accused by another peer) so the next probe targets a suspect.
            h.packet("c", new Suspect(1, "b", "c"));
            h.packet("b", new Suspect(1, "c", "b"));
            h.packet("b", new Suspect(1, "d", "b"));
            Effect.SendPacket p = h.awaitProbe();
            String target = ping(p).node();
            assertThat(p.messages()).hasSize(2);
            assertThat(p.messages().get(1)).isEqualTo(new Suspect(1, target, "a"));
            assertThat(p.checksum()).isTrue(); // the target speaks protocol 5: CRC
        }
    }

    @Nested
    class OnPacketSuspect {
        MachineHarness h;

        @BeforeEach
        void setUp() {
            h = cluster();
            h.autoAck = true; // healthy peers: our own probes never add suspicions
        }

        @Test
        void onSuspect_aboutSelf_refutesWithHigherIncarnationAndRaisesAwareness() {
            h.packet("b", new Suspect(1, "a", "b"));
            assertThat(h.m.incarnation()).isEqualTo(2);
            assertThat(h.m.member("a").state()).isEqualTo(NodeState.ALIVE);
            assertThat(h.m.healthScore()).isEqualTo(1);
            h.advanceBy(S);
            assertThat(h.sent(Alive.class, a -> a.node().equals("a"))).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.incarnation()).isEqualTo(2));
        }

        @Test
        void onSuspect_aboutSelfAtHigherIncarnation_refutesAboveIt() {
            h.packet("b", new Suspect(5, "a", "b"));
            assertThat(h.m.incarnation()).isEqualTo(6);
            assertThat(h.m.member("a").incarnation()).isEqualTo(6);
        }

        @Test
        void onSuspect_aboutSelfStale_isIgnored() {
            h.packet("b", new Suspect(3, "a", "b")); // -> 4
            h.packet("b", new Suspect(2, "a", "c"));
            assertThat(h.m.incarnation()).isEqualTo(4);
            assertThat(h.m.healthScore()).isEqualTo(1);
        }

        @Test
        void onSuspect_aboutSelf_sendsTheRefutationStraightToTheAccuser() {
            List<Effect> effects = h.packet("b", new Suspect(1, "a", "c"));
            assertThat(aliveAboutUsSentTo(effects, "c")).containsExactly(2L);
        }

        @Test
        void onSuspect_aboutSelfStale_resendsCurrentAliveToTheAccuserOnly() {
            h.packet("b", new Suspect(3, "a", "b")); // -> 4
            List<Effect> effects = h.packet("c", new Suspect(2, "a", "c"));
            assertThat(aliveAboutUsSentTo(effects, "c")).containsExactly(4L);
            assertThat(h.m.incarnation()).isEqualTo(4);
            assertThat(h.m.healthScore()).isEqualTo(1);
        }

        @Test
        void onSuspect_aboutSelfStale_whileLeaving_staysQuiet() {
            h.packet("b", new Suspect(3, "a", "b")); // -> 4
            h.m.leave(h.now);
            h.drain();
            List<Effect> effects = h.packet("c", new Suspect(2, "a", "c"));
            assertThat(aliveAboutUsSentTo(effects, "c")).isEmpty();
        }

        private List<Long> aliveAboutUsSentTo(List<Effect> effects, String peer) {
            return effects.stream()
                    .filter(e -> e instanceof Effect.SendPacket p && p.to().equals(MachineHarness.addr(peer)))
                    .flatMap(e -> ((Effect.SendPacket) e).messages().stream())
                    .filter(msg -> msg instanceof Alive a && a.node().equals("a"))
                    .map(msg -> ((Alive) msg).incarnation())
                    .toList();
        }

        @Test
        void onSuspect_aliveNode_marksSuspectAndRegossips() {
            h.packet("c", new Suspect(1, "b", "c"));
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.SUSPECT);
            assertThat(h.m.numMembers()).isEqualTo(4); // suspects are still members
            h.advanceBy(S);
            assertThat(h.sent(Suspect.class)).contains(new Suspect(1, "b", "c"));
        }

        @Test
        void onSuspect_staleIncarnation_isIgnored() {
            h.packet("b", alive("b", 3));
            h.packet("c", new Suspect(2, "b", "c"));
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.ALIVE);
        }

        @Test
        void onSuspect_unknownNode_isIgnored() {
            h.packet("c", new Suspect(1, "zz", "c"));
            assertThat(h.m.member("zz")).isNull();
        }

        @Test
        void onTimeoutSuspicion_noConfirmations_declaresDeadAtMaxAndNotifiesLeft() {
            // n = 4: k = 2, min = 4 * 1 s, max = 6 * min = 24 s
            long t = h.now;
            h.packet("c", new Suspect(1, "b", "c"));
            h.advanceTo(t + 24 * S - 1);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.SUSPECT);

            h.advanceTo(t + 24 * S);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.DEAD);
            assertThat(h.events(MembershipEvent.Left.class)).singleElement().satisfies(l -> {
                assertThat(l.node().name()).isEqualTo("b");
                assertThat(l.node().state()).isEqualTo(NodeState.DEAD);
            });
            h.advanceBy(S);
            assertThat(h.sent(Dead.class)).contains(new Dead(1, "b", "a"));
        }

        @Test
        void onSuspect_oneConfirmation_shortensTimeoutAndRegossips() {
            long t = h.now;
            h.packet("c", new Suspect(1, "b", "c"));
            h.advanceTo(t + S);
            h.effects.clear();
            h.packet("d", new Suspect(1, "b", "d"));
            // 24 s - log(2)/log(3) * 20 s = 11.381 s after the start
            h.advanceTo(t + 11_381 * MS - 1);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.SUSPECT);
            assertThat(h.sent(Suspect.class)).contains(new Suspect(1, "b", "d"));
            h.advanceTo(t + 11_381 * MS);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.DEAD);
        }

        @Test
        void onSuspect_kConfirmations_timeoutIsMin() {
            long t = h.now;
            h.packet("c", new Suspect(1, "b", "c"));
            h.packet("d", new Suspect(1, "b", "d"));
            h.packet("d", new Suspect(1, "b", "e"));
            h.advanceTo(t + 4 * S - 1);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.SUSPECT);
            h.advanceTo(t + 4 * S);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.DEAD);
        }

        @Test
        void onSuspect_confirmedAfterMinElapsed_deadlineIsDueAtOnce() {
            long t = h.now;
            h.packet("c", new Suspect(1, "b", "c"));
            h.advanceTo(t + 5 * S); // past the 4 s minimum
            h.packet("d", new Suspect(1, "b", "d"));
            h.packet("d", new Suspect(1, "b", "e"));
            assertThat(h.m.nextDeadline()).isLessThanOrEqualTo(h.now);
            h.m.onTimeout(h.now);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.DEAD);
        }

        @Test
        void onSuspect_fromOriginalAccuserAgain_doesNotShortenTimeout() {
            long t = h.now;
            h.packet("c", new Suspect(1, "b", "c"));
            h.packet("c", new Suspect(1, "b", "c"));
            h.advanceTo(t + 24 * S - 1);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.SUSPECT);
        }

        @Test
        void onAlive_refutingSuspect_cancelsSuspicionTimer() {
            long t = h.now;
            h.packet("c", new Suspect(1, "b", "c"));
            h.advanceBy(S);
            h.packet("b", alive("b", 2));
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.ALIVE);
            h.advanceTo(t + 30 * S);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.ALIVE);
            assertThat(h.events(MembershipEvent.Left.class)).isEmpty();
        }
    }

    @Nested
    class OnPacketDead {
        MachineHarness h;

        @BeforeEach
        void setUp() {
            h = cluster();
            h.autoAck = true;
        }

        @Test
        void onDead_aboutSelfNotLeaving_refutes() {
            h.packet("b", new Dead(1, "a", "b"));
            assertThat(h.m.member("a").state()).isEqualTo(NodeState.ALIVE);
            assertThat(h.m.incarnation()).isEqualTo(2);
            assertThat(h.m.healthScore()).isEqualTo(1);
            assertThat(h.events(MembershipEvent.Left.class)).isEmpty();
        }

        @Test
        void onDead_aboutOther_marksDeadNotifiesLeftAndRegossips() {
            h.packet("c", new Dead(1, "b", "c"));
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.DEAD);
            assertThat(h.m.numMembers()).isEqualTo(3);
            assertThat(h.events(MembershipEvent.Left.class)).singleElement()
                    .satisfies(l -> assertThat(l.node().state()).isEqualTo(NodeState.DEAD));
            h.advanceBy(S);
            assertThat(h.sent(Dead.class)).contains(new Dead(1, "b", "c"));
        }

        @Test
        void onDead_fromNodeItself_marksLeft() {
            h.packet("b", new Dead(1, "b", "b"));
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.LEFT);
            assertThat(h.events(MembershipEvent.Left.class)).singleElement()
                    .satisfies(l -> assertThat(l.node().state()).isEqualTo(NodeState.LEFT));
        }

        @Test
        void onDead_staleIncarnation_isIgnored() {
            h.packet("b", alive("b", 3));
            h.packet("c", new Dead(2, "b", "c"));
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.ALIVE);
        }

        @Test
        void onDead_alreadyDead_noSecondEvent() {
            h.packet("c", new Dead(1, "b", "c"));
            h.packet("d", new Dead(1, "b", "d"));
            assertThat(h.events(MembershipEvent.Left.class)).hasSize(1);
        }

        @Test
        void onDead_suspectNode_cancelsSuspicionTimer() {
            long t = h.now;
            h.packet("c", new Suspect(1, "b", "c"));
            h.packet("d", new Dead(1, "b", "d"));
            h.packet("b", alive("b", 2));
            h.advanceTo(t + 30 * S);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.ALIVE);
        }
    }

    @Nested
    class OnPacketAlive {
        MachineHarness h;

        @BeforeEach
        void setUp() {
            h = node();
            h.effects.clear();
        }

        @Test
        void onAlive_newNode_addsItAndNotifiesJoined() {
            h.packet("b", alive("b", 1, new byte[] {7}));
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.ALIVE);
            assertThat(h.m.numMembers()).isEqualTo(2);
            assertThat(h.events()).singleElement().isInstanceOfSatisfying(MembershipEvent.Joined.class, j -> {
                assertThat(j.node().name()).isEqualTo("b");
                assertThat(j.node().address()).isEqualTo(addr("b"));
                assertThat(j.node().meta()).containsExactly(7);
                assertThat(j.node().incarnation()).isEqualTo(1);
            });
        }

        @Test
        void onAlive_newNodeAtIncarnationZero_isIgnored() {
            h.packet("b", alive("b", 0));
            assertThat(h.m.member("b")).isNull();
            assertThat(h.events()).isEmpty();
        }

        @Test
        void onAlive_newerWithOtherMeta_notifiesUpdated() {
            h.packet("b", alive("b", 1, new byte[] {1}));
            h.packet("b", alive("b", 2, new byte[] {2}));
            assertThat(h.events().get(1)).isInstanceOfSatisfying(MembershipEvent.Updated.class,
                    u -> assertThat(u.node().meta()).containsExactly(2));
            assertThat(h.m.member("b").incarnation()).isEqualTo(2);
        }

        @Test
        void onAlive_newerWithSameMeta_updatesSilently() {
            h.packet("b", alive("b", 1, new byte[] {1}));
            h.packet("b", alive("b", 2, new byte[] {1}));
            assertThat(h.events()).hasSize(1);
            assertThat(h.m.member("b").incarnation()).isEqualTo(2);
        }

        @Test
        void onAlive_newerWithNilInsteadOfEmptyMeta_noUpdatedEvent() {
            // Go compares meta with bytes.Equal, for which nil and empty are the same.
            h.packet("b", alive("b", 1, new byte[0]));
            h.packet("b", alive("b", 2, null));
            assertThat(h.events(MembershipEvent.Updated.class)).isEmpty();
        }

        @Test
        void onAlive_sameIncarnation_isIgnored() {
            h.packet("b", alive("b", 1, new byte[] {1}));
            h.packet("b", alive("b", 1, new byte[] {2}));
            assertThat(h.events()).hasSize(1);
            assertThat(h.m.member("b").meta()).containsExactly(1);
        }

        @Test
        void onAlive_deadNodeAtHigherIncarnation_notifiesJoined() {
            h.packet("b", alive("b", 1));
            h.packet("c", new Dead(1, "b", "c"));
            h.packet("b", alive("b", 2));
            assertThat(h.events()).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("Joined", "Left", "Joined");
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.ALIVE);
        }

        @Test
        void onAlive_conflictingAddress_notifiesConflictAndKeepsOldAddress() {
            h.packet("b", alive("b", 1));
            Address other = otherAddr(99);
            h.packet("b", new Alive(2, "b", other.ip(), 7946, null, VSN));
            assertThat(h.events(MembershipEvent.Conflict.class)).singleElement().satisfies(c -> {
                assertThat(c.existing().address()).isEqualTo(addr("b"));
                assertThat(c.other().address()).isEqualTo(other);
            });
            assertThat(h.m.member("b").address()).isEqualTo(addr("b"));
            assertThat(h.m.member("b").incarnation()).isEqualTo(1);
        }

        @Test
        void onAlive_otherPortOnly_isAConflictToo() {
            h.packet("b", alive("b", 1));
            h.packet("b", new Alive(2, "b", addr("b").ip(), 7947, null, VSN));
            assertThat(h.events(MembershipEvent.Conflict.class)).hasSize(1);
        }

        @Test
        void onAlive_leftNodeFromNewAddress_takesOverTheName() {
            h.packet("b", alive("b", 5));
            h.packet("b", new Dead(5, "b", "b"));
            Address moved = otherAddr(99);
            h.packet("b", new Alive(1, "b", moved.ip(), 7946, null, VSN)); // restarted elsewhere at inc 1
            assertThat(h.m.member("b").address()).isEqualTo(moved);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.ALIVE);
            assertThat(h.events(MembershipEvent.Conflict.class)).isEmpty();
        }

        @Test
        void onAlive_deadNodeFromNewAddress_onlyAfterReclaimTime() {
            MachineHarness r = node(lan().deadNodeReclaimTime(Duration.ofSeconds(10)).build());
            r.packet("b", alive("b", 1));
            r.packet("c", new Dead(1, "b", "c"));
            Address moved = otherAddr(99);
            r.packet("b", new Alive(2, "b", moved.ip(), 7946, null, VSN));
            assertThat(r.m.member("b").address()).isEqualTo(addr("b"));
            assertThat(r.events(MembershipEvent.Conflict.class)).hasSize(1);

            r.now += 10 * S + 1;
            r.packet("b", new Alive(2, "b", moved.ip(), 7946, null, VSN));
            assertThat(r.m.member("b").address()).isEqualTo(moved);
            assertThat(r.m.member("b").state()).isEqualTo(NodeState.ALIVE);
        }

        @Test
        void onAlive_aboutSelfEcho_isIgnored() {
            h.packet("b", new Alive(1, "a", A.ip(), 7946, new byte[0], VSN.clone()));
            assertThat(h.m.incarnation()).isEqualTo(1);
            assertThat(h.m.healthScore()).isZero();
        }

        @Test
        void onAlive_aboutSelfEchoWithNilMeta_isIgnored() {
            // Our meta is empty; a Go peer may echo it as nil. bytes.Equal(nil, []byte{}) is true in Go.
            h.packet("b", new Alive(1, "a", A.ip(), 7946, null, VSN.clone()));
            assertThat(h.m.incarnation()).isEqualTo(1);
        }

        @Test
        void onAlive_aboutSelfWithOtherMeta_refutes() {
            h.packet("b", new Alive(1, "a", A.ip(), 7946, new byte[] {1}, VSN.clone()));
            assertThat(h.m.incarnation()).isEqualTo(2);
            assertThat(h.m.healthScore()).isEqualTo(1);
        }

        @Test
        void onAlive_aboutSelfAtHigherIncarnation_refutesAboveIt() {
            h.packet("b", new Alive(7, "a", A.ip(), 7946, new byte[0], VSN.clone()));
            assertThat(h.m.incarnation()).isEqualTo(8);
        }

        @Test
        void onAlive_aboutSelfFromOtherAddress_isAConflict() {
            h.packet("b", new Alive(5, "a", otherAddr(99).ip(), 7946, null, VSN.clone()));
            assertThat(h.events(MembershipEvent.Conflict.class)).hasSize(1);
            assertThat(h.m.incarnation()).isEqualTo(1);
        }

        @Test
        void onAlive_outsideAllowedCidrs_isIgnored() {
            MachineHarness r = node(lan().cidrsAllowed(List.of("10.0.0.0/28")).build());
            r.packet("b", alive("b", 1)); // 10.0.0.2
            r.packet("z", alive("z", 1)); // 10.0.0.26
            assertThat(r.m.member("b")).isNotNull();
            assertThat(r.m.member("z")).isNull();
        }

        @Test
        void onAlive_rejectedByAliveDelegate_isIgnored() {
            MachineHarness r = node(lan().alive(peer -> peer.name().equals("evil")
                    ? Optional.of("not in our cluster") : Optional.empty()).build());
            r.packet("b", alive("b", 1));
            r.packet("e", new Alive(1, "evil", addr("e").ip(), 7946, null, VSN));
            assertThat(r.m.member("b")).isNotNull();
            assertThat(r.m.member("evil")).isNull();
        }

        @Test
        void onAlive_invalidVersions_isIgnored() {
            h.packet("b", new Alive(1, "b", addr("b").ip(), 7946, null, new byte[] {0, 0, 0, 0, 0, 0}));
            h.packet("c", new Alive(1, "c", addr("c").ip(), 7946, null, new byte[] {3, 2, 2, 0, 0, 0}));
            assertThat(h.m.member("b")).isNull();
            assertThat(h.m.member("c")).isNull();
        }

        @Test
        void onAlive_badAddressLength_isIgnored() {
            h.packet("b", new Alive(1, "b", new byte[] {10, 0, 0}, 7946, null, VSN));
            assertThat(h.m.member("b")).isNull();
        }

        @Test
        void onAlive_shortVersions_thenPushPull_doesNotThrow() {
            // Accepted like Go (only pmin/pmax are checked); later version checks must not index past the end.
            h.packet("b", new Alive(1, "b", addr("b").ip(), 7946, null, new byte[] {1, 5, 2}));
            assertThat(h.m.member("b")).isNotNull();
            PushPull remote = new PushPull(false, List.of(state("c", 1, NodeState.ALIVE)), null);
            assertThatCode(() -> h.m.onStream(1, addr("c"), remote, h.now)).doesNotThrowAnyException();
        }
    }

    @Nested
    class OnStream {
        MachineHarness h;

        @BeforeEach
        void setUp() {
            h = node().withPeers("b");
        }

        private PushPull remote(boolean join, PushNodeState... states) {
            return new PushPull(join, List.of(states), null);
        }

        @Test
        void onStream_pushPull_repliesWithLocalStateBeforeMerging() {
            h.m.onStream(5, addr("c"), remote(false, state("c", 1, NodeState.ALIVE)), h.now);
            h.drain();
            Effect.ReplyStream reply = h.effects(Effect.ReplyStream.class).get(0);
            assertThat(reply.streamId()).isEqualTo(5);
            PushPull local = (PushPull) reply.reply();
            assertThat(local.join()).isFalse();
            assertThat(local.nodes()).extracting(PushNodeState::name).containsExactlyInAnyOrder("a", "b");
            assertThat(h.m.member("c").state()).isEqualTo(NodeState.ALIVE);
            assertThat(h.events(MembershipEvent.Joined.class)).extracting(j -> j.node().name()).containsExactly("c");
        }

        @Test
        void onStream_pushPullJoin_replyCarriesJoinFlag() {
            h.m.onStream(5, addr("c"), remote(true, state("c", 1, NodeState.ALIVE)), h.now);
            h.drain();
            assertThat(((PushPull) h.effects(Effect.ReplyStream.class).get(0).reply()).join()).isTrue();
        }

        @Test
        void onStream_pushPull_localStateListsDeadAndLeftToo() {
            h.packet("c", alive("c", 1));
            h.packet("d", alive("d", 1));
            h.packet("b", new Dead(1, "c", "b"));
            h.packet("d", new Dead(1, "d", "d"));
            h.m.onStream(5, addr("b"), remote(false), h.now);
            h.drain();
            PushPull local = (PushPull) h.effects(Effect.ReplyStream.class).get(0).reply();
            assertThat(local.nodes()).extracting(PushNodeState::name, PushNodeState::state).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("a", 0), org.assertj.core.groups.Tuple.tuple("b", 0),
                    org.assertj.core.groups.Tuple.tuple("c", 2), org.assertj.core.groups.Tuple.tuple("d", 3));
        }

        @Test
        void onStream_pushPull_remoteDead_becomesLocalSuspectFromUs() {
            h.m.onStream(5, addr("c"), remote(false, state("b", 1, NodeState.DEAD)), h.now);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.SUSPECT);
            assertThat(h.events(MembershipEvent.Left.class)).isEmpty();
        }

        @Test
        void onStream_pushPull_remoteSuspect_becomesLocalSuspect() {
            h.m.onStream(5, addr("c"), remote(false, state("b", 1, NodeState.SUSPECT)), h.now);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.SUSPECT);
        }

        @Test
        void onStream_pushPull_remoteLeft_becomesLeft() {
            h.m.onStream(5, addr("c"), remote(false, state("b", 1, NodeState.LEFT)), h.now);
            h.drain();
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.LEFT);
            assertThat(h.events(MembershipEvent.Left.class)).hasSize(1);
        }

        @Test
        void onStream_pushPull_remoteAliveNewer_isApplied() {
            h.m.onStream(5, addr("c"), remote(false, state("b", 4, NodeState.ALIVE)), h.now);
            assertThat(h.m.member("b").incarnation()).isEqualTo(4);
        }

        @Test
        void onStream_pushPull_remoteDeadAboutUnknownNode_isIgnored() {
            h.m.onStream(5, addr("c"), remote(false, state("z", 1, NodeState.DEAD)), h.now);
            assertThat(h.m.member("z")).isNull();
        }

        @Test
        void onStream_pushPull_saysWeAreDead_refutes() {
            h.m.onStream(5, addr("b"), remote(false, state("a", 1, NodeState.DEAD)), h.now);
            assertThat(h.m.member("a").state()).isEqualTo(NodeState.ALIVE);
            assertThat(h.m.incarnation()).isEqualTo(2);
        }

        @Test
        void onStream_pushPull_saysWeLeft_refutes() {
            h.m.onStream(5, addr("b"), remote(false, state("a", 1, NodeState.LEFT)), h.now);
            assertThat(h.m.member("a").state()).isEqualTo(NodeState.ALIVE);
            assertThat(h.m.incarnation()).isEqualTo(2);
        }

        @Test
        void onStream_pushPull_knowsUsAtHigherIncarnation_refutesAboveIt() {
            // After a restart the cluster may still hold our previous incarnation (checklist item 3).
            h.m.onStream(5, addr("b"), remote(false, new PushNodeState("a", A.ip(), 7946, null, 5, 0, VSN.clone())),
                    h.now);
            assertThat(h.m.incarnation()).isEqualTo(6);
            assertThat(h.m.member("a").state()).isEqualTo(NodeState.ALIVE);
        }

        @Test
        void onStream_pushPull_incompatibleProtocol_isNotMerged() {
            PushNodeState picky = new PushNodeState("c", addr("c").ip(), 7946, null, 1, 0,
                    new byte[] {3, 5, 3, 0, 0, 0}); // understands 3..5 only; we speak 2
            h.m.onStream(5, addr("c"), remote(false, picky, state("d", 1, NodeState.ALIVE)), h.now);
            assertThat(h.m.member("c")).isNull();
            assertThat(h.m.member("d")).isNull();
        }

        @Test
        void onStream_pushPull_userState_notifiesRemoteState() {
            PushPull pp = new PushPull(true, List.of(state("c", 1, NodeState.ALIVE)), new byte[] {5, 6});
            h.m.onStream(5, addr("c"), pp, h.now);
            h.drain();
            assertThat(h.events(MembershipEvent.RemoteState.class)).singleElement().satisfies(r -> {
                assertThat(r.userState()).containsExactly(5, 6);
                assertThat(r.join()).isTrue();
            });
        }

        @Test
        void onStream_pushPullJoin_mergeDelegateVeto_isNotMerged() {
            MachineHarness r = node(lan().merge(peers -> Optional.of("wrong cluster")).build());
            r.m.onStream(5, addr("c"), remote(true, state("c", 1, NodeState.ALIVE)), r.now);
            assertThat(r.m.member("c")).isNull();
            r.m.onStream(6, addr("c"), remote(false, state("c", 1, NodeState.ALIVE)), r.now);
            assertThat(r.m.member("c")).isNotNull(); // the merge delegate only sees joins
        }

        @Test
        void onStream_ping_forUs_repliesAck() {
            h.m.onStream(9, addr("b"), new Ping(33, "a", null, 0, null), h.now);
            h.drain();
            assertThat(h.effects(Effect.ReplyStream.class)).singleElement().satisfies(r -> {
                assertThat(r.streamId()).isEqualTo(9);
                assertThat(r.reply()).isInstanceOfSatisfying(Ack.class, a -> assertThat(a.seqNo()).isEqualTo(33));
            });
        }

        @Test
        void onStream_ping_forAnotherNode_closesWithoutReply() {
            h.m.onStream(9, addr("b"), new Ping(33, "zz", null, 0, null), h.now);
            h.drain();
            assertThat(h.effects(Effect.ReplyStream.class)).singleElement()
                    .satisfies(r -> assertThat(r.reply()).isNull());
        }

        @Test
        void onStream_unexpectedMessage_closesWithoutReply() {
            h.m.onStream(9, addr("b"), new Suspect(1, "b", "c"), h.now);
            h.drain();
            assertThat(h.effects(Effect.ReplyStream.class)).singleElement()
                    .satisfies(r -> assertThat(r.reply()).isNull());
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.ALIVE);
        }
    }

    @Nested
    class Join {
        MachineHarness h;

        @BeforeEach
        void setUp() {
            h = node();
            h.effects.clear();
        }

        @Test
        void join_seed_opensPushPullWithJoinFlagAndOwnState() {
            long id = h.m.join(addr("b"), h.now);
            h.drain();
            assertThat(h.effects(Effect.OpenStream.class)).singleElement().satisfies(o -> {
                assertThat(o.streamId()).isEqualTo(id);
                assertThat(o.to()).isEqualTo(addr("b"));
                assertThat(o.deadlineNanos()).isEqualTo(h.now + 10 * S);
                assertThat(o.request()).isInstanceOfSatisfying(PushPull.class, pp -> {
                    assertThat(pp.join()).isTrue();
                    assertThat(pp.nodes()).extracting(PushNodeState::name).containsExactly("a");
                    assertThat(pp.nodes().get(0).incarnation()).isEqualTo(1);
                });
            });
        }

        @Test
        void onStreamReply_joinReply_mergesAndReportsPushPullDone() {
            long id = h.m.join(addr("b"), h.now);
            h.m.onStreamReply(id, new PushPull(true,
                    List.of(state("b", 1, NodeState.ALIVE), state("c", 2, NodeState.ALIVE)), null), h.now);
            h.drain();
            assertThat(h.m.numMembers()).isEqualTo(3);
            assertThat(h.effects(Effect.PushPullDone.class)).containsExactly(new Effect.PushPullDone(id, true, null));
        }

        @Test
        void onStreamReply_errorResponse_reportsRemoteError() {
            long id = h.m.join(addr("b"), h.now);
            h.m.onStreamReply(id, new ErrorResponse("boom"), h.now);
            h.drain();
            assertThat(h.effects(Effect.PushPullDone.class)).singleElement().satisfies(d -> {
                assertThat(d.join()).isTrue();
                assertThat(d.error()).contains("boom");
            });
        }

        @Test
        void onStreamReply_notAPushPull_reportsError() {
            long id = h.m.join(addr("b"), h.now);
            h.m.onStreamReply(id, new Ack(1, null), h.now);
            h.drain();
            assertThat(h.effects(Effect.PushPullDone.class).get(0).error()).isNotNull();
        }

        @Test
        void onStreamReply_incompatibleVersions_reportsErrorAndMergesNothing() {
            long id = h.m.join(addr("b"), h.now);
            PushNodeState picky = new PushNodeState("b", addr("b").ip(), 7946, null, 1, 0, new byte[] {3, 5, 3, 0, 0, 0});
            h.m.onStreamReply(id, new PushPull(true, List.of(picky), null), h.now);
            h.drain();
            assertThat(h.effects(Effect.PushPullDone.class).get(0).error()).contains("protocol");
            assertThat(h.m.member("b")).isNull();
        }

        @Test
        void onStreamFailed_join_reportsPushPullDoneWithReason() {
            long id = h.m.join(addr("b"), h.now);
            h.m.onStreamFailed(id, "connection refused", h.now);
            h.drain();
            assertThat(h.effects(Effect.PushPullDone.class))
                    .containsExactly(new Effect.PushPullDone(id, true, "connection refused"));
        }

        @Test
        void onStreamReply_unknownStream_isIgnored() {
            h.m.onStreamReply(4242, new PushPull(false, List.of(state("b", 1, NodeState.ALIVE)), null), h.now);
            h.m.onStreamFailed(4243, "x", h.now);
            assertThat(h.drain()).isEmpty();
            assertThat(h.m.member("b")).isNull();
        }

        @Test
        void onStreamReply_twice_secondIsIgnored() {
            long id = h.m.join(addr("b"), h.now);
            h.m.onStreamReply(id, new PushPull(true, List.of(state("b", 1, NodeState.ALIVE)), null), h.now);
            h.m.onStreamFailed(id, "late", h.now);
            h.drain();
            assertThat(h.effects(Effect.PushPullDone.class)).hasSize(1);
        }
    }

    @Nested
    class OnTimeoutPushPull {

        @Test
        void pushPullTick_opensPeriodicPushPullToAlivePeer() {
            MachineHarness h = cluster();
            h.autoAck = true;
            h.advanceBy(30 * S);
            List<Effect.OpenStream> opened = h.effects(Effect.OpenStream.class).stream()
                    .filter(o -> o.request() instanceof PushPull).toList();
            assertThat(opened).hasSize(1);
            assertThat(((PushPull) opened.get(0).request()).join()).isFalse();
            assertThat(opened.get(0).to()).isIn(addr("b"), addr("c"), addr("d"));

            h.m.onStreamReply(opened.get(0).streamId(), new PushPull(false, List.of(), null), h.now);
            h.drain();
            assertThat(h.effects(Effect.PushPullDone.class)).singleElement()
                    .satisfies(d -> assertThat(d.join()).isFalse());
        }

        @Test
        void pushPullTick_secondRound_afterOneInterval() {
            MachineHarness h = cluster();
            h.autoAck = true;
            h.advanceBy(60 * S);
            assertThat(h.effects(Effect.OpenStream.class).stream().filter(o -> o.request() instanceof PushPull))
                    .hasSize(2);
        }

        @Test
        void pushPullTick_noAlivePeer_opensNothing() {
            MachineHarness h = node().withPeers("b");
            h.packet("c", new Dead(1, "b", "c"));
            h.advanceBy(40 * S);
            assertThat(h.effects(Effect.OpenStream.class)).isEmpty();
        }

        @Test
        void pushPullInterval_zero_disablesPeriodicPushPull() {
            MachineHarness h = node(lan().pushPullInterval(Duration.ZERO).build()).withPeers("b", "c", "d");
            h.autoAck = true;
            h.advanceBy(120 * S);
            assertThat(h.effects(Effect.OpenStream.class)).isEmpty();
        }
    }

    @Nested
    class OnTimeoutGossip {

        @Test
        void gossipTick_queuedBroadcasts_sentToLivePeersNeverSelf() {
            MachineHarness h = cluster();
            h.advanceBy(200 * MS);
            List<Effect.SendPacket> gossip = h.packets().stream()
                    .filter(p -> p.messages().stream().allMatch(m -> m instanceof Alive)).toList();
            assertThat(gossip).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            assertThat(gossip).extracting(Effect.SendPacket::to).doesNotContain(A).doesNotHaveDuplicates();
            assertThat(gossip).allSatisfy(p -> assertThat(p.checksum()).isTrue());
        }

        @Test
        void gossip_eachBroadcast_sentRetransmitLimitTimes() {
            MachineHarness h = cluster();
            h.autoAck = true;
            h.gossipUntilQuiet();
            // n = 4: 4 * ceil(log10(5)) = 4 transmissions per broadcast
            for (String n : List.of("a", "b", "c", "d")) {
                assertThat(h.sent(Alive.class, a -> a.node().equals(n))).as(n).hasSize(4);
            }
        }

        @Test
        void gossip_emptyQueue_sendsNothingButProbes() {
            MachineHarness h = cluster();
            h.autoAck = true;
            h.gossipUntilQuiet();
            h.effects.clear();
            h.advanceBy(3 * S);
            assertThat(h.packets()).allSatisfy(p -> assertThat(p.messages()).singleElement().isInstanceOf(Ping.class));
        }

        @Test
        void gossip_manyLargeBroadcasts_everyPacketFitsUdpBufferSize() {
            MachineHarness h = node();
            for (int i = 0; i < 40; i++) {
                String name = "n" + i;
                h.packet("b", new Alive(1, name, Address.ipv4(10, 1, 0, i + 1, 7946).ip(), 7946, new byte[400], VSN));
            }
            h.effects.clear();
            h.advanceBy(2 * S);
            List<Effect.SendPacket> gossip = h.packets().stream()
                    .filter(p -> p.messages().stream().allMatch(m -> m instanceof Alive)).toList();
            assertThat(gossip).isNotEmpty().allSatisfy(p -> assertThat(packetBytes(p)).isLessThanOrEqualTo(1400));
            assertThat(gossip).anySatisfy(p -> assertThat(p.messages()).hasSizeGreaterThan(1));
        }

        @Test
        void gossip_manyTinyUserBroadcasts_atMost127PartsPerPacket() {
            MachineHarness h = cluster();
            h.autoAck = true;
            h.gossipUntilQuiet();
            for (int i = 0; i < 600; i++) {
                h.m.queueUserBroadcast(new byte[] {(byte) i});
            }
            h.effects.clear();
            h.advanceBy(S);
            assertThat(h.packets()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.messages()).hasSizeLessThanOrEqualTo(127);
                assertThat(packetBytes(p)).isLessThanOrEqualTo(1400);
            });
            assertThat(h.packets()).anySatisfy(p -> assertThat(p.messages()).hasSize(127));
        }

        private int packetBytes(Effect.SendPacket p) {
            int parts = 0;
            for (Message m : p.messages()) {
                parts += io.memberlist.wire.WireSize.of(m);
            }
            return io.memberlist.wire.WireSize.compound(parts, p.messages().size());
        }

        @Test
        void gossip_recentlyDeadPeer_stillGossipedToButLeftPeerNot() {
            MachineHarness h = node().withPeers("b", "c");
            h.packet("b", new Dead(1, "c", "c")); // c left
            h.packet("c", new Dead(1, "b", "c")); // b declared dead
            h.effects.clear();
            h.advanceBy(S);
            assertThat(h.packetsTo(addr("b"))).isNotEmpty();
            assertThat(h.packetsTo(addr("c"))).isEmpty();
        }

        @Test
        void gossip_deadLongerThanGossipToTheDeadTime_notGossipedTo() {
            MachineHarness h = node().withPeers("b", "c");
            h.packet("c", new Dead(1, "b", "c"));
            h.advanceBy(31 * S);
            h.effects.clear();
            h.m.queueUserBroadcast(new byte[] {1});
            h.advanceBy(S);
            assertThat(h.packetsTo(addr("b"))).isEmpty();
        }
    }

    @Nested
    class Leave {
        MachineHarness h;

        @BeforeEach
        void setUp() {
            h = cluster();
            h.autoAck = true;
            h.gossipUntilQuiet();
            h.effects.clear();
        }

        @Test
        void leave_withPeers_marksSelfLeftAndNotifiesLeft() {
            long token = h.m.leave(h.now);
            h.drain();
            assertThat(h.m.hasLeft()).isTrue();
            assertThat(h.m.member("a").state()).isEqualTo(NodeState.LEFT);
            assertThat(h.events(MembershipEvent.Left.class)).singleElement().satisfies(l -> {
                assertThat(l.node().name()).isEqualTo("a");
                assertThat(l.node().state()).isEqualTo(NodeState.LEFT);
            });
            assertThat(h.effects(Effect.BroadcastDone.class)).isEmpty();
            assertThat(token).isPositive();
        }

        @Test
        void leave_withPeers_gossipsDeadAboutSelfThenReportsBroadcastDone() {
            long token = h.m.leave(h.now);
            h.drain();
            h.gossipUntilQuiet();
            assertThat(h.sent(Dead.class)).isNotEmpty().allSatisfy(d -> assertThat(d).isEqualTo(new Dead(1, "a", "a")));
            assertThat(h.effects(Effect.BroadcastDone.class)).containsExactly(new Effect.BroadcastDone(token));
        }

        @Test
        void leave_alone_reportsDoneAtOnce() {
            MachineHarness alone = node();
            long token = alone.m.leave(alone.now);
            alone.drain();
            assertThat(alone.effects(Effect.BroadcastDone.class)).containsExactly(new Effect.BroadcastDone(token));
        }

        @Test
        void leave_twice_secondTokenDoneAtOnce() {
            h.m.leave(h.now);
            long second = h.m.leave(h.now);
            h.drain();
            assertThat(h.effects(Effect.BroadcastDone.class)).containsExactly(new Effect.BroadcastDone(second));
        }

        @Test
        void leave_thenAccused_doesNotRefute() {
            h.m.leave(h.now);
            h.packet("b", new Suspect(1, "a", "b"));
            h.packet("b", new Dead(1, "a", "b"));
            h.packet("b", new Alive(9, "a", A.ip(), 7946, new byte[0], VSN.clone()));
            assertThat(h.m.incarnation()).isEqualTo(1);
            assertThat(h.m.member("a").state()).isEqualTo(NodeState.LEFT);
        }

        @Test
        void leave_thenLongerThanGossipToTheDeadTime_localNodeStillKnown() {
            h.m.leave(h.now);
            h.advanceBy(60 * S);
            assertThat(h.m.member("a")).isNotNull();
            assertThatCode(() -> h.m.localNode()).doesNotThrowAnyException();
            assertThatCode(() -> h.m.incarnation()).doesNotThrowAnyException();
        }

        @Test
        void leave_stillAnswersPings() {
            h.m.leave(h.now);
            List<Effect> out = h.packet("b", new Ping(5, "a", null, 0, null));
            assertThat(messagesIn(out).get(0)).isInstanceOf(Ack.class);
        }
    }

    @Nested
    class UpdateMeta {

        @Test
        void updateMeta_withPeers_broadcastsAliveAtNewIncarnationAndNotifiesUpdated() {
            MachineHarness h = cluster();
            h.autoAck = true;
            h.gossipUntilQuiet();
            h.effects.clear();

            long token = h.m.updateMeta(new byte[] {4, 2}, h.now);
            h.drain();
            assertThat(h.m.incarnation()).isEqualTo(2);
            assertThat(h.m.localNode().meta()).containsExactly(4, 2);
            assertThat(h.events(MembershipEvent.Updated.class)).singleElement()
                    .satisfies(u -> assertThat(u.node().name()).isEqualTo("a"));
            assertThat(h.effects(Effect.BroadcastDone.class)).isEmpty();

            h.gossipUntilQuiet();
            assertThat(h.sent(Alive.class)).isNotEmpty().allSatisfy(a -> {
                assertThat(a.node()).isEqualTo("a");
                assertThat(a.incarnation()).isEqualTo(2);
                assertThat(a.meta()).containsExactly(4, 2);
            });
            assertThat(h.effects(Effect.BroadcastDone.class)).containsExactly(new Effect.BroadcastDone(token));
        }

        @Test
        void updateMeta_alone_doneAtOnce() {
            MachineHarness h = node();
            long token = h.m.updateMeta(new byte[] {1}, h.now);
            h.drain();
            assertThat(h.effects(Effect.BroadcastDone.class)).containsExactly(new Effect.BroadcastDone(token));
        }

        @Test
        void updateMeta_overLimit_throwsAndChangesNothing() {
            MachineHarness h = node();
            assertThatThrownBy(() -> h.m.updateMeta(new byte[513], h.now)).isInstanceOf(IllegalArgumentException.class);
            assertThat(h.m.incarnation()).isEqualTo(1);
        }
    }

    @Nested
    class QueueUserBroadcast {

        @Test
        void queueUserBroadcast_piggybackedOnNextPacket() {
            MachineHarness h = cluster();
            h.autoAck = true;
            h.gossipUntilQuiet();
            h.m.queueUserBroadcast(new byte[] {7, 7});
            List<Message> sent = messagesIn(h.packet("b", new Ping(5, "a", null, 0, null)));
            assertThat(sent).hasSize(2);
            assertThat(sent.get(0)).isInstanceOf(Ack.class);
            assertThat(sent.get(1)).isInstanceOfSatisfying(UserMessage.class,
                    u -> assertThat(u.payload()).containsExactly(7, 7));
        }

        @Test
        void queueUserBroadcast_afterMemberlistBroadcasts() {
            MachineHarness h = cluster();
            h.m.queueUserBroadcast(new byte[] {7});
            List<Message> sent = messagesIn(h.packet("b", new Ping(5, "a", null, 0, null)));
            assertThat(sent.get(sent.size() - 1)).isInstanceOf(UserMessage.class);
            assertThat(sent.subList(1, sent.size() - 1)).isNotEmpty().allMatch(m -> m instanceof Alive);
        }

        @Test
        void queueUserBroadcast_gossiped_untilRetransmitLimit() {
            MachineHarness h = cluster();
            h.autoAck = true;
            h.gossipUntilQuiet();
            h.effects.clear();
            h.m.queueUserBroadcast(new byte[] {7});
            h.gossipUntilQuiet();
            assertThat(h.sent(UserMessage.class)).hasSize(4);
        }
    }

    @Nested
    class LifeguardOff {
        MachineHarness h;

        @BeforeEach
        void setUp() {
            h = node(lan().lifeguard(false).build()).withPeers("b", "c", "d");
        }

        @Test
        void refute_lifeguardOff_awarenessStaysZero() {
            h.packet("b", new Suspect(1, "a", "b"));
            assertThat(h.m.incarnation()).isEqualTo(2);
            assertThat(h.m.healthScore()).isZero();
        }

        @Test
        void failedProbe_lifeguardOff_awarenessStaysZero() {
            h.awaitProbe();
            h.advanceBy(S);
            assertThat(h.m.healthScore()).isZero();
        }

        @Test
        void suspicion_lifeguardOff_timeoutFixedAtMin() {
            h.autoAck = true;
            long t = h.now;
            h.packet("c", new Suspect(1, "b", "c"));
            h.advanceTo(t + 4 * S - 1);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.SUSPECT);
            h.advanceTo(t + 4 * S);
            assertThat(h.m.member("b").state()).isEqualTo(NodeState.DEAD);
        }

        @Test
        void probeOfSuspect_lifeguardOff_plainPingWithoutOwnSuspect() {
            h.packet("c", new Suspect(1, "b", "c"));
            h.packet("b", new Suspect(1, "c", "b"));
            h.packet("b", new Suspect(1, "d", "b"));
            Effect.SendPacket p = h.awaitProbe();
            assertThat(p.messages().get(0)).isInstanceOf(Ping.class);
            assertThat(p.messages()).noneMatch(m -> m instanceof Suspect s && s.from().equals("a"));
        }
    }

    @Nested
    class Determinism {

        @Test
        void sameSeedSameInputs_sameEffects() {
            assertThat(run(7)).isEqualTo(run(7));
        }

        @Test
        void otherSeed_otherSchedule() {
            assertThat(run(7)).isNotEqualTo(run(8));
        }

        private List<String> run(long seed) {
            MachineHarness h = new MachineHarness(lan().build(), seed).withPeers("b", "c", "d", "e", "f");
            h.advanceBy(20 * S);
            return h.effects.stream().map(MachineHarness::describe).toList();
        }

        @Test
        void drainEffects_secondDrain_isEmpty() {
            MachineHarness h = cluster();
            h.packet("b", new Ping(1, "a", null, 0, null));
            assertThat(h.drain()).isEmpty();
        }
    }
}
