package io.memberlist.transport.netty;

import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.memberlist.transport.Transport;
import io.memberlist.wire.Address;
import io.memberlist.wire.DecodedPacket;
import io.memberlist.wire.Message;
import io.netty.channel.embedded.EmbeddedChannel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's {@link InboundStreams} on the embedded event loop, for tests that drive accepted streams by
 * hand: each channel is admitted as the transport admits it, and every drop the bounds report is kept.
 */
final class InboundFixture {
    /** The TCP timeout of the fixture: the idle limit is a quarter of it. */
    static final Duration TCP_TIMEOUT = Duration.ofSeconds(8);

    final Traffic traffic;
    final List<String> dropped = new ArrayList<>();
    final InboundStreams streams;
    private final EmbeddedChannel loopOwner = new EmbeddedChannel();

    InboundFixture(Traffic traffic, long budgetBytes) {
        this.traffic = traffic;
        this.streams = new InboundStreams(loopOwner.eventLoop(), traffic, new Transport.Receiver() {
            @Override
            public void onPacket(Address from, DecodedPacket packet, int bytes) {
            }

            @Override
            public void onStream(Transport.InboundStream stream, Address from, Message request) {
            }

            @Override
            public void onDropped(Dropped.Reason reason, String detail) {
                dropped.add(reason + ": " + detail);
            }
        }, TCP_TIMEOUT.toNanos(), budgetBytes);
    }

    /** A new accepted channel reading through a {@link StreamFrameDecoder}, admitted at {@code now}. */
    static EmbeddedChannel acceptorChannel(InboundFixture fixture, Framing framing, int maxBytes) {
        return fixture.accept(framing, maxBytes, System.nanoTime());
    }

    EmbeddedChannel accept(Framing framing, int maxBytes, long now) {
        EmbeddedChannel ch = new EmbeddedChannel();
        InboundStreams.Slot slot = streams.admit(ch, now);
        ch.pipeline().addLast(new StreamFrameDecoder(framing, traffic, maxBytes, streams, slot));
        return ch;
    }

    /** A bare admitted channel (no reader), for the deadline and cap rules. */
    InboundStreams.Slot admitBare(long now) {
        return streams.admit(new EmbeddedChannel(), now);
    }
}
