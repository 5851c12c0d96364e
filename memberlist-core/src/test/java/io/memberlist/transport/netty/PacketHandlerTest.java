package io.memberlist.transport.netty;

import io.memberlist.Config;
import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.memberlist.transport.Transport;
import io.memberlist.wire.Ack;
import io.memberlist.wire.Address;
import io.memberlist.wire.DecodedPacket;
import io.memberlist.wire.Message;
import io.memberlist.wire.Nack;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The datagram handler on an {@link EmbeddedChannel}: what reaches the node, and what is dropped and counted. */
class PacketHandlerTest {
    private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 7001);
    private static final InetSocketAddress US = new InetSocketAddress("127.0.0.1", 7946);

    private final Framing framing = Framing.of(Config.lan().name("a").build(), null);
    private final Traffic traffic = new Traffic();
    private final List<Message> received = new ArrayList<>();
    private final List<Address> senders = new ArrayList<>();
    private final List<Dropped.Reason> dropped = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new PacketHandler(framing, new Transport.Receiver() {
        @Override
        public void onPacket(Address from, DecodedPacket packet, int bytes) {
            senders.add(from);
            received.addAll(packet.messages());
        }

        @Override
        public void onStream(Transport.InboundStream stream, Address from, Message request) {
        }

        @Override
        public void onDropped(Dropped.Reason reason, String detail) {
            dropped.add(reason);
        }
    }, traffic));

    @Test
    void read_compoundPacket_deliversEveryMessageWithTheSender() {
        byte[] bytes = framing.encodePacket(List.of(new Ack(1, null), new Nack(2)), true);
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(bytes), US, SENDER));
        assertThat(received).hasSize(2);
        assertThat(senders).containsExactly(Address.ipv4(127, 0, 0, 1, 7001));
        assertThat(traffic.packetsReceived.sum()).isEqualTo(1);
        assertThat(traffic.receivedByType()).containsEntry("ack_resp", 1L).containsEntry("nack_resp", 1L);
    }

    @Test
    void read_garbage_isDroppedAndCountedAndTheChannelStaysOpen() {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {0, (byte) 0xc1, 3}), US, SENDER));
        assertThat(received).isEmpty();
        assertThat(dropped).containsExactly(Dropped.Reason.MALFORMED);
        assertThat(traffic.droppedMalformed.sum()).isEqualTo(1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void read_messageOfUnknownType_isDroppedAndCountedByReason() {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {(byte) 200, 1, 2}), US, SENDER));
        assertThat(received).isEmpty();
        assertThat(dropped).containsExactly(Dropped.Reason.UNKNOWN_TYPE);
        assertThat(traffic.droppedMalformed.sum()).isEqualTo(1);
        assertThat(traffic.droppedByReason()).containsEntry("unknown_type", 1L);
    }

    @Test
    void read_compoundWithAnUnknownPart_deliversTheRestAndCountsThePart() {
        byte[] known = io.memberlist.wire.MessageCodec.encodePacketMessage(new Ack(1, null));
        byte[] compound = io.memberlist.wire.Compound.encode(List.of(known, new byte[] {(byte) 200, 9}));
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(compound), US, SENDER));
        assertThat(received).hasSize(1);
        assertThat(traffic.droppedByReason()).containsEntry("unknown_type", 1L);
    }
}
