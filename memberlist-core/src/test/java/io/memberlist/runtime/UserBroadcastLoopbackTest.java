package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.delegate.Delegate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Delegate.getBroadcasts} on real nodes: asked for every packet that can piggyback (as Go asks in
 * {@code getBroadcasts}), with the room a packet really has once compound, CRC, encryption and label are
 * counted; what is larger than any packet can carry is refused, counted, and never sent.
 */
class UserBroadcastLoopbackTest {
    /** Gossip never comes in a test's lifetime: only pings and acks can carry the broadcasts. */
    private static final Duration NO_GOSSIP = Duration.ofHours(1);
    private static final String LABEL = "dc1";
    private static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Generous for a shared 2-core machine: dozens of probe rounds, each sending a ping and an ack. */
    private static final Duration DELIVERY = LoopbackNodes.PROBE_INTERVAL.multipliedBy(100);

    private final List<Memberlist> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        nodes.forEach(Memberlist::shutdown);
    }

    @Test
    void delegateIsAskedPerPacket_broadcastsRideOnPingsAndAcksWithoutGossip() throws Exception {
        Config.Builder config = LoopbackNodes.fast().gossipInterval(NO_GOSSIP);
        Outgoing a = new Outgoing();
        Outgoing b = new Outgoing();
        Memberlist na = start(config, "a", a);
        Memberlist nb = start(config, "b", b);
        nb.join(List.of(LoopbackNodes.seed(na)));
        LoopbackNodes.awaitConverged(nodes, DELIVERY);

        // Two messages that each take two thirds of a packet: never both in one packet.
        int size = 2 * maxBroadcast(na.config()) / 3;
        a.pending.add(filled(size, 1));
        a.pending.add(filled(size, 2));

        LoopbackNodes.awaitTrue(() -> b.received.size() >= 2, DELIVERY,
                () -> "b received " + b.received.size() + " of 2 broadcasts; a was asked " + a.asked + " times");
        assertThat(b.received).extracting(m -> m[0]).containsExactlyInAnyOrder((byte) 1, (byte) 2);
    }

    @Test
    void largestBroadcastForTheRealRoomIsDelivered_oneByteMoreIsRefusedAndCounted() throws Exception {
        Config.Builder config = LoopbackNodes.fast().label(LABEL).secretKeys(List.of(KEY));
        Outgoing a = new Outgoing();
        Outgoing b = new Outgoing();
        Memberlist na = start(config, "a", a);
        Memberlist nb = start(config, "b", b);
        nb.join(List.of(LoopbackNodes.seed(na)));
        LoopbackNodes.awaitConverged(nodes, DELIVERY);

        int max = maxBroadcast(na.config());
        a.pending.add(filled(max + 1, 1));
        LoopbackNodes.awaitTrue(() -> na.stats().userBroadcastsRefused() == 1, DELIVERY,
                () -> "refused " + na.stats().userBroadcastsRefused() + ", pending " + a.pending.size());
        a.pending.add(filled(max, 2));

        LoopbackNodes.awaitTrue(() -> !b.received.isEmpty(), DELIVERY, () -> "b received nothing");
        assertThat(b.received).extracting(m -> m.length).containsExactly(max);
        assertThat(na.stats().userBroadcastsRefused()).isEqualTo(1);
    }

    /**
     * The largest user broadcast a packet carries with this configuration, written out from the layers Go
     * stacks: the UDP buffer less the compound header (2), the CRC (5), the message's compound length and type
     * byte (3), the AES-GCM version 1 envelope (29) when encrypting and the label header (2 + its bytes).
     */
    private static int maxBroadcast(Config c) {
        int max = c.udpBufferSize() - 2 - 5 - 3;
        if (!c.secretKeys().isEmpty()) {
            max -= 29;
        }
        if (!c.label().isEmpty()) {
            max -= 2 + c.label().getBytes(StandardCharsets.UTF_8).length;
        }
        return max;
    }

    private Memberlist start(Config.Builder config, String name, Outgoing delegate) {
        Memberlist m = Memberlist.create(config.name(name).delegate(delegate).build());
        nodes.add(m);
        return m;
    }

    private static byte[] filled(int size, int tag) {
        byte[] m = new byte[size];
        Arrays.fill(m, (byte) tag);
        return m;
    }

    /** Hands each pending message out once, as much as fits the limit; records what arrives. */
    private static final class Outgoing implements Delegate {
        final ConcurrentLinkedQueue<byte[]> pending = new ConcurrentLinkedQueue<>();
        final List<byte[]> received = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public List<byte[]> getBroadcasts(int overhead, int limit) {
            asked.incrementAndGet();
            List<byte[]> out = new ArrayList<>();
            int used = 0;
            for (Iterator<byte[]> it = pending.iterator(); it.hasNext(); ) {
                byte[] m = it.next();
                // Hands out even what is too large, so the node's refusal is what is tested.
                if (out.isEmpty() || used + overhead + m.length <= limit) {
                    out.add(m);
                    used += overhead + m.length;
                    it.remove();
                }
            }
            return out;
        }

        @Override
        public void notifyMsg(byte[] message) {
            received.add(message);
        }
    }
}
