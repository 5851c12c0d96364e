package io.memberlist.protocol;

import io.memberlist.Config;
import io.memberlist.wire.UserMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.memberlist.protocol.MachineHarness.lan;
import static org.assertj.core.api.Assertions.assertThat;

/** Application broadcasts get the real room of a gossip packet; what can never fit is refused and counted. */
class UserBroadcastRoomTest {
    private static final int UDP = 1400;

    @Test
    void limit_isTheUdpBufferLessCompoundHeaderEncryptionAndLabel() {
        Config plain = lan().build();
        Config wrapped = lan().label("dc1").secretKeys(List.of(new byte[16])).build();
        assertThat(new MachineHarness(plain, 1).m.userBroadcastLimit()).isEqualTo(UDP - 2);
        // AES-GCM version 1 envelope: 29 bytes; label header: 2 + "dc1".
        assertThat(new MachineHarness(wrapped, 1).m.userBroadcastLimit()).isEqualTo(UDP - 2 - 29 - 5);
    }

    @Test
    void delegateMessageLargerThanThePacketRoom_isDroppedAndCounted_notQueuedForever() {
        MachineHarness h = new MachineHarness(lan().build(), 1).withPeers("b");
        int fitting = h.m.userBroadcastLimit() - SwimMachine.USER_BROADCAST_OVERHEAD;
        int queued = h.m.queuedBroadcasts();

        h.m.offerUserMessages(List.of(new byte[fitting + 1]));

        assertThat(h.m.queuedBroadcasts()).isEqualTo(queued);
        assertThat(h.m.droppedUserBroadcasts()).isEqualTo(1);
    }

    @Test
    void delegateMessageThatExactlyFits_isGossiped() {
        MachineHarness h = new MachineHarness(lan().build(), 1).withPeers("b");
        int fitting = h.m.userBroadcastLimit() - SwimMachine.USER_BROADCAST_OVERHEAD;

        h.m.offerUserMessages(List.of(new byte[fitting]));
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
}
