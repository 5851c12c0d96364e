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
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream decoder on an {@link EmbeddedChannel}: bytes arriving in pieces, labels, keys, early close. */
class StreamFrameDecoderTest {
    private static final byte[] KEY = new byte[16];

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

    private static EmbeddedChannel channel(Framing framing, boolean acceptor, Traffic traffic) {
        return new EmbeddedChannel(new StreamFrameDecoder(framing, acceptor, traffic));
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
