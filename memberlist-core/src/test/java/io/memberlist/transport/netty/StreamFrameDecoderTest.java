package io.memberlist.transport.netty;

import io.memberlist.Config;
import io.memberlist.security.Keyring;
import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.memberlist.wire.Ack;
import io.memberlist.wire.Message;
import io.memberlist.wire.PushNodeState;
import io.memberlist.wire.PushPull;
import io.memberlist.wire.UserMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream decoder on an {@link EmbeddedChannel}: bytes arriving in pieces, labels, keys, early close. */
class StreamFrameDecoderTest {
    private static final byte[] KEY = new byte[16];
    private static final Framing FRAMING = Framing.of(Config.lan().name("a").build(), null);

    @Test
    void decode_pushPullArrivingOneByteAtATime_emitsItOnceComplete() {
        Framing framing = Framing.of(Config.lan().name("a").build(), null);
        byte[] bytes = concat(framing.streamPreamble(), framing.encodeStream(pushPull(40)));
        EmbeddedChannel channel = channel(framing, true, new Traffic());
        for (int i = 0; i < bytes.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, 1));
            assertThat((Object) channel.readInbound()).as("after %d bytes", i + 1).isNull();
        }
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, bytes.length - 1, 1));
        Message decoded = channel.readInbound();
        assertThat(decoded).isInstanceOfSatisfying(PushPull.class, p -> assertThat(p.nodes()).hasSize(40));
    }

    @Test
    void decode_encryptedAndLabelled_roundTripsThroughTheSameFraming() {
        Config config = Config.lan().name("a").label("prod").secretKeys(List.of(KEY)).build();
        Framing framing = Framing.of(config, Keyring.of(config.secretKeys()));
        byte[] bytes = concat(framing.streamPreamble(), framing.encodeStream(new Ack(42, null)));
        EmbeddedChannel channel = channel(framing, true, new Traffic());
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        assertThat((Message) channel.readInbound()).isInstanceOfSatisfying(Ack.class,
                a -> assertThat(a.seqNo()).isEqualTo(42));
    }

    @Test
    void decode_otherClustersLabel_emitsALabelDrop() {
        Framing ours = Framing.of(Config.lan().name("a").label("prod").build(), null);
        Framing theirs = Framing.of(Config.lan().name("b").label("staging").build(), null);
        EmbeddedChannel channel = channel(ours, true, new Traffic());
        channel.writeInbound(Unpooled.wrappedBuffer(concat(theirs.streamPreamble(), theirs.encodeStream(new Ack(1, null)))));
        assertThat((Object) channel.readInbound()).isInstanceOfSatisfying(Dropped.class,
                d -> assertThat(d.reason()).isEqualTo(Dropped.Reason.LABEL));
    }

    @Test
    void decode_peerClosesMidMessage_countsTheStreamAsMalformed() {
        Framing framing = Framing.of(Config.lan().name("a").build(), null);
        byte[] bytes = framing.encodeStream(pushPull(10));
        Traffic traffic = new Traffic();
        EmbeddedChannel channel = channel(framing, true, traffic);
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, bytes.length / 2));
        channel.close();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(traffic.droppedMalformed.sum()).isEqualTo(1);
    }

    @Test
    void decode_dialerSide_readsTheReplyWithoutALabelHeader() {
        Framing framing = Framing.of(Config.lan().name("a").label("prod").build(), null);
        EmbeddedChannel channel = channel(framing, false, new Traffic());
        channel.writeInbound(Unpooled.wrappedBuffer(framing.encodeStream(new Ack(7, null))));
        assertThat((Message) channel.readInbound()).isInstanceOf(Ack.class);
    }

    @Test
    void decode_largeMessageInSmallReads_costsMemoryLinearInItsSize() {
        // The old decoder copied and re-parsed everything received on every read: 8 MiB in 64 KiB reads
        // allocated over 500 MiB. Linear means a few copies of the stream (buffer doubling, the message).
        int size = 8 * 1024 * 1024;
        byte[] bytes = concat(userMessageHeader(size), new byte[size]);
        Traffic traffic = new Traffic();
        InboundFixture fixture = new InboundFixture(traffic, 4L * size);
        EmbeddedChannel channel = fixture.accept(FRAMING, 2 * size, System.nanoTime());
        long before = allocatedBytes();
        for (int at = 0; at < bytes.length; at += 64 * 1024) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(64 * 1024, bytes.length - at)));
        }
        long allocated = allocatedBytes() - before;
        assertThat((Object) channel.readInbound()).isInstanceOfSatisfying(UserMessage.class,
                u -> assertThat(u.payload()).hasSize(size));
        assertThat(allocated).as("bytes allocated to read %d", bytes.length).isLessThan(4L * bytes.length);
    }

    @Test
    void decode_largeAnnouncedStream_buffersOnlyWhatArrived_andGivesUpWithoutCopyingIt() {
        // A user message announcing 20 MiB made the reader allocate all 20 MiB at its first read (~100 ms of
        // page faults on the loop) and, when the sender closed mid-message, copy and re-parse all it had.
        int announced = 20 * 1024 * 1024;
        int received = 4 * 1024 * 1024;
        InboundFixture fixture = new InboundFixture(new Traffic(), 2L * announced);
        EmbeddedChannel channel = fixture.accept(FRAMING, announced + 1024, System.nanoTime());
        channel.writeInbound(Unpooled.wrappedBuffer(userMessageHeader(announced)));
        byte[] piece = new byte[64 * 1024];
        long before = allocatedBytes();
        for (int at = 0; at < received; at += piece.length) {
            channel.writeInbound(Unpooled.wrappedBuffer(piece));
        }
        long reading = allocatedBytes() - before;
        long buffered = fixture.streams.bufferedBytes();
        before = allocatedBytes();
        channel.close();
        long givingUp = allocatedBytes() - before;

        assertThat(reading).as("heap bytes allocated to read %d bytes of %d announced", received, announced)
                .isLessThan(received);
        assertThat(buffered).as("bytes charged to the node's budget after %d received", received)
                .isLessThanOrEqualTo(received + 4096L + StreamFrameDecoder.CHUNK_BYTES);
        assertThat(givingUp).as("heap bytes allocated to give the stream up").isLessThan(received / 4);
        assertThat(fixture.traffic.droppedMalformed.sum()).isEqualTo(1);
        assertThat(fixture.streams.bufferedBytes()).isZero();
    }

    @Test
    void decode_userMessageInPiecesAcrossChunks_deliversEveryByteInOrder() {
        int size = 3 * StreamFrameDecoder.CHUNK_BYTES + 12_345;
        byte[] payload = new byte[size];
        new java.util.Random(5).nextBytes(payload);
        byte[] bytes = concat(userMessageHeader(size), payload);
        EmbeddedChannel channel = channel(FRAMING, true, new Traffic());
        for (int at = 0; at < bytes.length; at += 9_999) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(9_999, bytes.length - at)));
        }
        assertThat((Object) channel.readInbound()).isInstanceOfSatisfying(UserMessage.class,
                u -> assertThat(u.payload()).isEqualTo(payload));
    }

    @Test
    void decode_userMessageAnnouncingOverTheLimit_isDroppedAfterItsHeader() {
        int max = Config.MIN_STREAM_BYTES_LIMIT;
        EmbeddedChannel channel = InboundFixture.acceptorChannel(new InboundFixture(new Traffic(), 2L * max),
                FRAMING, max);
        channel.writeInbound(Unpooled.wrappedBuffer(userMessageHeader(max)));
        assertThat((Object) channel.readInbound()).isInstanceOfSatisfying(Dropped.class,
                d -> assertThat(d.reason()).isEqualTo(Dropped.Reason.TOO_LARGE));
    }

    @Test
    void decode_incompleteStreamsOverTheNodeBudget_cutsTheOneGoingOver() {
        int chunk = 100 * 1024;
        Traffic traffic = new Traffic();
        InboundFixture fixture = new InboundFixture(traffic, 128 * 1024);
        byte[] bytes = concat(userMessageHeader(2 * chunk), new byte[chunk]);
        EmbeddedChannel first = fixture.accept(FRAMING, 1 << 20, System.nanoTime());
        EmbeddedChannel second = fixture.accept(FRAMING, 1 << 20, System.nanoTime());
        first.writeInbound(Unpooled.wrappedBuffer(bytes));
        second.writeInbound(Unpooled.wrappedBuffer(bytes));
        assertThat(first.isActive()).isTrue();
        assertThat(second.isActive()).isFalse();
        assertThat(fixture.streams.bufferedBytes()).isLessThanOrEqualTo(128 * 1024);
        assertThat(traffic.droppedByReason()).containsEntry("overload", 1L);
        second.finishAndReleaseAll();
        first.close();
        assertThat(fixture.streams.bufferedBytes()).isZero();
    }

    /** An uncompressed, unencrypted stream user message header announcing {@code length} bytes. */
    static byte[] userMessageHeader(int length) {
        return java.nio.ByteBuffer.allocate(18).put((byte) 8).put((byte) 0x81).put((byte) 0xaa)
                .put("UserMsgLen".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 0xce)
                .putInt(length).array();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static EmbeddedChannel channel(Framing framing, boolean acceptor, Traffic traffic) {
        if (!acceptor) {
            return new EmbeddedChannel(new StreamFrameDecoder(framing, traffic, Config.DEFAULT_MAX_STREAM_BYTES));
        }
        return InboundFixture.acceptorChannel(new InboundFixture(traffic, 2L * Config.DEFAULT_MAX_STREAM_BYTES),
                framing, Config.DEFAULT_MAX_STREAM_BYTES);
    }

    private static PushPull pushPull(int nodes) {
        List<PushNodeState> states = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            states.add(new PushNodeState("node-" + i, new byte[] {10, 0, 0, (byte) i}, 7946, new byte[0], 1,
                    PushNodeState.STATE_ALIVE, new byte[] {1, 5, 2, 0, 0, 0}));
        }
        return new PushPull(true, states, new byte[0]);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
