package io.memberlist.transport.netty;

import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.memberlist.transport.Transport;
import io.memberlist.wire.Address;
import io.memberlist.wire.DecodedPacket;
import io.memberlist.wire.Message;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** Turns each received datagram into messages through {@link Framing}; bad ones are dropped and counted. */
final class PacketHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(PacketHandler.class);

    private final Framing framing;
    private final Transport.Receiver receiver;
    private final Traffic traffic;

    PacketHandler(Framing framing, Transport.Receiver receiver, Traffic traffic) {
        this.framing = framing;
        this.receiver = receiver;
        this.traffic = traffic;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        byte[] bytes = ByteBufUtil.getBytes(packet.content());
        traffic.packetsReceived.increment();
        traffic.packetBytesReceived.add(bytes.length);
        Address from = Address.of(packet.sender().getAddress(), packet.sender().getPort());
        DecodedPacket decoded;
        try {
            decoded = framing.decodePacket(bytes);
        } catch (Dropped d) {
            traffic.dropped(d.reason());
            receiver.onDropped(d.reason(), d.getMessage() + " from " + from);
            return;
        }
        // Go logs and skips such parts (net.go handleCommand: "msg type (%d) not supported"). The datagram is
        // the input: it is counted once, as malformed if any part was, else as of unknown type.
        if (decoded.malformedParts() > 0 || decoded.truncatedParts() > 0) {
            countSkipped(Dropped.Reason.MALFORMED, decoded.malformedParts() + decoded.truncatedParts(),
                    "malformed or truncated compound part(s)", from);
        } else if (decoded.unknownMessages() > 0) {
            countSkipped(Dropped.Reason.UNKNOWN_TYPE, decoded.unknownMessages(), "message(s) of unknown type", from);
        }
        for (Message m : decoded.messages()) {
            traffic.received(m);
        }
        receiver.onPacket(from, decoded, bytes.length);
    }

    private void countSkipped(Dropped.Reason reason, int count, String what, Address from) {
        traffic.dropped(reason);
        receiver.onDropped(reason, count + " " + what + " skipped in a packet from " + from);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // The socket refused a send (an ack to a forged or unroutable source address, say): Go logs it
            // and goes on. It is no input of ours, so it is not counted as a malformed packet.
            log.debug("memberlist UDP socket error: {}", cause.toString());
            return;
        }
        // A datagram socket stays open whatever one packet did; the failure is counted, not fatal.
        traffic.dropped(Dropped.Reason.MALFORMED);
        receiver.onDropped(Dropped.Reason.MALFORMED, String.valueOf(cause));
    }
}
