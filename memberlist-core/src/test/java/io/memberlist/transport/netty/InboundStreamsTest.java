package io.memberlist.transport.netty;

import io.memberlist.transport.Traffic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds on accepted streams, driven with made-up {@code now} values: no clock, no sleeping. Every
 * limit is derived from the fixture's TCP timeout.
 */
class InboundStreamsTest {
    private final Traffic traffic = new Traffic();
    private final InboundFixture fixture = new InboundFixture(traffic, 1 << 20);
    private final InboundStreams streams = fixture.streams;
    private final long idle = streams.idleNanos();
    private final long t0 = 1_000_000_000L;

    @Test
    void idleLimit_isAQuarterOfTheTcpTimeout() {
        assertThat(idle).isEqualTo(InboundFixture.TCP_TIMEOUT.toNanos() / 4);
    }

    @Test
    void idleLimit_isNeverShorterThanASecondNorLongerThanTheTcpTimeout() {
        InboundStreams shortTimeout = new InboundStreams(null, traffic, null, 1_500_000_000L, 1 << 20);
        assertThat(shortTimeout.idleNanos()).isEqualTo(InboundStreams.IDLE_MIN_NANOS);
        InboundStreams tiny = new InboundStreams(null, traffic, null, 500_000_000L, 1 << 20);
        assertThat(tiny.idleNanos()).isEqualTo(500_000_000L);
    }

    @Test
    void sweep_silentStream_isCutOnceTheIdleLimitPassesAndCounted() {
        InboundStreams.Slot slot = fixture.admitBare(t0);
        streams.sweep(t0 + idle);
        assertThat(slot.channel.isActive()).isTrue();
        streams.sweep(t0 + idle + 1);
        assertThat(slot.channel.isActive()).isFalse();
        assertThat(traffic.droppedByReason()).containsEntry("timeout", 1L);
        assertThat(streams.readingCount()).isZero();
    }

    @Test
    void sweep_tricklingStream_isCutForTooFewBytesThoughNeverSilentForLong() {
        InboundStreams.Slot trickle = fixture.admitBare(t0);
        InboundStreams.Slot honest = fixture.admitBare(t0);
        long step = idle / 2;
        for (long t = t0 + step; t <= t0 + 3 * step; t += step) {
            trickle.read(1, t);
            honest.read(64 * 1024, t);
            streams.sweep(t);
        }
        assertThat(trickle.channel.isActive()).isFalse();
        assertThat(honest.channel.isActive()).isTrue();
        assertThat(fixture.dropped).singleElement().asString().contains("bytes/s");
    }

    @Test
    void sweep_requestNotAnsweredWithinTheTcpTimeout_isCut() {
        InboundStreams.Slot slot = fixture.admitBare(t0);
        slot.read(100, t0);
        assertThat(streams.serve(slot)).isTrue();
        long timeout = InboundFixture.TCP_TIMEOUT.toNanos();
        streams.sweep(t0 + timeout);
        assertThat(slot.channel.isActive()).as("idle rules do not apply once the request is read").isTrue();
        streams.sweep(t0 + timeout + 1);
        assertThat(slot.channel.isActive()).isFalse();
        assertThat(streams.servingCount()).isZero();
    }

    @Test
    void admit_whenEveryReadingSlotIsTaken_cutsTheOldestForTheNewcomer() {
        List<InboundStreams.Slot> slots = new ArrayList<>();
        for (int i = 0; i < InboundStreams.READING_MAX; i++) {
            slots.add(fixture.admitBare(t0 + i));
        }
        InboundStreams.Slot newcomer = fixture.admitBare(t0 + InboundStreams.READING_MAX);
        assertThat(slots.get(0).channel.isActive()).isFalse();
        assertThat(slots.get(1).channel.isActive()).isTrue();
        assertThat(newcomer.channel.isActive()).isTrue();
        assertThat(streams.readingCount()).isEqualTo(InboundStreams.READING_MAX);
        assertThat(traffic.droppedByReason()).containsEntry("overload", 1L);
    }

    @Test
    void serve_beyondTheRequestsInProgressCap_cutsTheNewRequest() {
        for (int i = 0; i < InboundStreams.SERVING_MAX; i++) {
            assertThat(streams.serve(fixture.admitBare(t0))).isTrue();
        }
        InboundStreams.Slot late = fixture.admitBare(t0);
        assertThat(streams.serve(late)).isFalse();
        assertThat(late.channel.isActive()).isFalse();
        assertThat(streams.servingCount()).isEqualTo(InboundStreams.SERVING_MAX);
    }

    @Test
    void cutStream_isCountedOnceThoughItsReaderSeesItCloseMidMessage() {
        Traffic counted = new Traffic();
        InboundFixture own = new InboundFixture(counted, 1 << 20);
        io.netty.channel.embedded.EmbeddedChannel ch = own.accept(
                io.memberlist.transport.Framing.of(io.memberlist.Config.lan().name("a").build(), null), 1 << 20, t0);
        ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {8, (byte) 0x81}));
        own.streams.sweep(t0 + InboundFixture.TCP_TIMEOUT.toNanos() + 1);
        assertThat(ch.isActive()).isFalse();
        assertThat(counted.droppedByReason()).containsEntry("timeout", 1L).containsEntry("malformed", 0L);
    }
}
