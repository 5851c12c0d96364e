package io.memberlist.protocol;

import io.memberlist.Config;
import io.memberlist.security.Keyring;
import io.memberlist.transport.Framing;
import io.memberlist.wire.Ack;
import io.memberlist.wire.Ping;
import io.memberlist.wire.UserMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static io.memberlist.protocol.MachineHarness.lan;
import static org.assertj.core.api.Assertions.assertThat;

/** Application broadcasts get the real room of a gossip packet; what can never fit is refused and counted. */
class UserBroadcastRoomTest {
    private static final int UDP = 1400;

    @Test
    void limit_isTheUdpBufferLessCompoundHeaderEncryptionAndLabel() {
        Config plain = lan().build();
        Config wrapped = lan().label("dc1").secretKeys(List.of(new byte[16])).build();
        // Compound header: 2 bytes; CRC for protocol-5 peers: 5.
        assertThat(new MachineHarness(plain, 1).m.userBroadcastLimit()).isEqualTo(UDP - 2 - 5);
        // AES-GCM version 1 envelope: 29 bytes; label header: 2 + "dc1".
        assertThat(new MachineHarness(wrapped, 1).m.userBroadcastLimit()).isEqualTo(UDP - 2 - 5 - 29 - 5);
    }

    @Test
    void delegateMessageLargerThanThePacketRoom_isDroppedAndCounted_notQueuedForever() {
        MachineHarness h = new MachineHarness(lan().build(), 1).withPeers("b");
        int fitting = h.m.userBroadcastLimit() - SwimMachine.USER_BROADCAST_OVERHEAD;
        int queued = h.m.queuedBroadcasts();

        assertThat(h.m.offerUserMessage(new byte[fitting + 1])).isFalse();

        assertThat(h.m.queuedBroadcasts()).isEqualTo(queued);
        assertThat(h.m.droppedUserBroadcasts()).isEqualTo(1);
    }

    @Test
    void delegateMessageThatExactlyFits_isGossiped() {
        MachineHarness h = new MachineHarness(lan().build(), 1).withPeers("b");
        int fitting = h.m.userBroadcastLimit() - SwimMachine.USER_BROADCAST_OVERHEAD;

        assertThat(h.m.offerUserMessage(new byte[fitting])).isTrue();
        h.gossipUntilQuiet();

        assertThat(h.sent(UserMessage.class, u -> u.payload().length == fitting)).hasSize(1);
        assertThat(h.m.droppedUserBroadcasts()).isZero();
    }

    @Test
    void queuedBroadcastTooLargeForAnyPacket_isRefusedAndCounted() {
        MachineHarness h = new MachineHarness(lan().build(), 1).withPeers("b");
        int queued = h.m.queuedBroadcasts();
        assertThat(h.m.queueUserBroadcast(new byte[UDP])).isFalse();
        assertThat(h.m.queuedBroadcasts()).isEqualTo(queued);
        assertThat(h.m.droppedUserBroadcasts()).isEqualTo(1);
    }

    @Test
    void everyPacket_withEncryptionLabelAndCrc_staysWithinTheUdpBuffer() {
        List<byte[]> keys = List.of(new byte[16]);
        Config config = lan().label("dc1").secretKeys(keys).build();
        Framing framing = Framing.of(config, Keyring.of(keys));
        MachineHarness h = new MachineHarness(config, 7).withPeers("b", "c", "d");
        h.autoAck = true;
        int max = h.m.userBroadcastLimit() - SwimMachine.USER_BROADCAST_OVERHEAD;
        SplittableRandom random = new SplittableRandom(11); // incompressible: compression is on
        for (int size : new int[] {max, max - 1, 900, 700, 500, 300, 100, 1}) {
            assertThat(h.m.offerUserMessage(randomBytes(random, size))).isTrue();
            assertThat(h.m.queueUserBroadcast(randomBytes(random, size))).isTrue();
        }

        for (int i = 0; i < 10; i++) {
            h.packet("b", new Ping(100 + i, "a", null, 0, "b")); // acks piggyback too
        }
        h.gossipUntilQuiet();

        assertThat(h.sent(UserMessage.class, u -> u.payload().length == max)).isNotEmpty();
        for (Effect.SendPacket p : h.packets()) {
            assertThat(framing.encodePacket(p.messages(), p.checksum()).length)
                    .as("datagram of %s (crc %s)", p.messages().size(), p.checksum()).isLessThanOrEqualTo(UDP);
        }
    }

    @Test
    void delegateIsAskedOncePerPiggybackingPacket_uptoOneGossipRoundAhead() {
        Config config = lan().build();
        MachineHarness h = new MachineHarness(config, 3).withPeers("b");
        int ahead = 0;
        while (h.m.nextUserFetch() > 0) {
            ahead++;
        }
        assertThat(ahead).isEqualTo(config.gossipNodes());

        h.packet("b", new Ping(1, "a", null, 0, "b"));
        assertThat(h.m.nextUserFetch()).isEqualTo(h.m.userBroadcastLimit());
        assertThat(h.m.nextUserFetch()).isZero();

        int max = h.m.userBroadcastLimit() - SwimMachine.USER_BROADCAST_OVERHEAD;
        for (int i = 0; i < config.gossipNodes(); i++) {
            h.m.offerUserMessage(new byte[max]);
        }
        h.packet("b", new Ping(2, "a", null, 0, "b")); // an ack too small for any of them
        assertThat(h.m.nextUserFetch()).as("the pool holds a gossip round's worth").isZero();
    }

    @Test
    void answersThatEachFillMostOfAPacket_allGoOutInOneGossipRound() {
        Config config = lan().build();
        MachineHarness h = new MachineHarness(config, 5).withPeers("b", "c", "d");
        h.gossipUntilQuiet();
        h.effects.clear();
        int size = 2 * (h.m.userBroadcastLimit() - SwimMachine.USER_BROADCAST_OVERHEAD) / 3;
        for (int tag = 1; tag <= config.gossipNodes(); tag++) {
            byte[] m = new byte[size];
            m[0] = (byte) tag;
            h.m.offerUserMessage(m);
        }

        h.advanceBy(config.gossipInterval().toNanos());

        assertThat(h.sent(UserMessage.class)).extracting(u -> u.payload()[0])
                .containsExactlyInAnyOrder((byte) 1, (byte) 2, (byte) 3);
    }

    @Test
    void theSameAnswerTwice_neverTwiceInOnePacket() {
        MachineHarness h = new MachineHarness(lan().build(), 9).withPeers("b", "c", "d");
        h.gossipUntilQuiet();
        h.effects.clear();
        byte[] message = {42};
        h.m.offerUserMessage(message);
        h.m.offerUserMessage(message.clone()); // a delegate that hands a message out on two asks

        h.gossipUntilQuiet();

        assertThat(h.sent(UserMessage.class)).hasSize(2);
        for (Effect.SendPacket p : h.packets()) {
            assertThat(p.messages().stream().filter(m -> m instanceof UserMessage)).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void ackPayloadTooLargeForAnAckPacket_isRefusedAndCounted_acksGoOutWithoutIt() {
        MachineHarness h = new MachineHarness(lan().build(), 1).withPeers("b");

        assertThat(h.m.setAckPayload(new byte[UDP])).isFalse();
        List<Effect> out = h.packet("b", new Ping(1, "a", null, 0, "b"));

        assertThat(((Ack) MachineHarness.messagesIn(out).get(0)).payload()).isNull();
        assertThat(h.m.droppedUserBroadcasts()).isEqualTo(1);
        assertThat(h.m.setAckPayload(new byte[UDP / 2])).isTrue();
    }

    private static byte[] randomBytes(SplittableRandom random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }
}
