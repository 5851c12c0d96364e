package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.Stats;
import io.memberlist.security.Keyring;
import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.wire.Address;
import io.memberlist.wire.DecodedPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static io.memberlist.runtime.LoopbackNodes.awaitConverged;
import static io.memberlist.runtime.LoopbackNodes.awaitTrue;
import static io.memberlist.runtime.LoopbackNodes.fast;
import static io.memberlist.runtime.LoopbackNodes.seed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bytes at a live node's sockets, from a plain {@link DatagramSocket} and {@link Socket}: thousands
 * of generated datagrams (random, mutated well-formed, framed for another key or label, structural attacks)
 * and hundreds of garbage streams. The node must drop and count every bad one exactly as its own framing
 * classifies it, let nothing else escape, and stay a healthy member that still admits a new node.
 */
class LoopbackFuzzTest {
    private static final long SEED = 20_250_601L;
    private static final int DATAGRAMS = 3000;
    private static final int STREAMS = 300;
    private static final Duration CONVERGE = Duration.ofSeconds(15);

    private final LoopbackNodes nodes = new LoopbackNodes();
    private final List<Throwable> escaped = Collections.synchronizedList(new ArrayList<>());
    private Thread.UncaughtExceptionHandler previousHandler;

    @BeforeEach
    void catchEscapes() {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> escaped.add(e));
    }

    @AfterEach
    void closeNodes() {
        nodes.close();
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }

    @Test
    void plainNode_sprayedWithHostileDatagramsAndStreams_countsDropsAndStaysHealthy() throws Exception {
        byte[] otherKey = key(2);
        List<Framing> foreign = List.of(
                Framing.of(fast().secretKeys(List.of(otherKey)).build(), Keyring.of(List.of(otherKey))),
                Framing.of(fast().label("other-cluster").build(), null));

        sprayAndCheck(fast(), foreign);
    }

    @Test
    void encryptedNode_sprayedWithForeignKeyAndHostileInput_countsDropsAndStaysHealthy() throws Exception {
        byte[] key = key(1);
        byte[] otherKey = key(2);
        List<Framing> foreign = List.of(
                Framing.of(fast().secretKeys(List.of(otherKey)).build(), Keyring.of(List.of(otherKey))),
                Framing.of(fast().build(), null),
                Framing.of(fast().secretKeys(List.of(key)).label("other-cluster").build(), Keyring.of(List.of(key))));

        Drops drops = sprayAndCheck(fast().secretKeys(List.of(key)), foreign);

        assertThat(drops.udp.decrypt).as("foreign-key and unencrypted datagrams dropped as undecryptable")
                .isGreaterThan(DATAGRAMS / 10);
        assertThat(drops.tcp.decrypt).as("foreign-key and unencrypted streams dropped").isGreaterThan(STREAMS / 20);
    }

    private record Counts(long malformed, long decrypt, long label) {
        long total() {
            return malformed + decrypt + label;
        }

        Counts minus(Counts o) {
            return new Counts(malformed - o.malformed, decrypt - o.decrypt, label - o.label);
        }

        static Counts of(Stats s) {
            return new Counts(s.droppedMalformed(), s.droppedDecrypt(), s.droppedLabel());
        }
    }

    private record Drops(Counts udp, Counts tcp) {
    }

    /** Sprays the first node of a 3-node cluster built from {@code builder}; returns what it counted. */
    private Drops sprayAndCheck(Config.Builder builder, List<Framing> foreign) throws Exception {
        List<Memberlist> cluster = nodes.startCluster(builder, "f", 3);
        awaitConverged(cluster, CONVERGE);
        Memberlist target = cluster.get(0);
        Config config = target.config();
        Framing framing = Framing.of(config, config.encryptionEnabled() ? Keyring.of(config.secretKeys()) : null);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), target.localNode().port());

        Counts udp;
        Counts tcp;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            HostileInput input = new HostileInput(SEED, framing, foreign, target.localNode().name(),
                    Address.of(InetAddress.getLoopbackAddress(), socket.getLocalPort()));

            List<byte[]> datagrams = input.datagrams(DATAGRAMS);
            Counts expectedUdp = expectedPacketDrops(framing, datagrams);
            Counts before = Counts.of(target.stats());
            send(socket, address, datagrams, target);
            udp = awaitDrops(target, before, expectedUdp);
            // UDP may lose a datagram under load, never invent one: at most what the framing rejects.
            assertThat(udp.malformed).isBetween(expectedUdp.malformed * 95 / 100, expectedUdp.malformed);
            assertThat(udp.decrypt).isBetween(expectedUdp.decrypt * 95 / 100, expectedUdp.decrypt);
            assertThat(udp.label).isBetween(expectedUdp.label * 95 / 100, expectedUdp.label);
            assertThat(udp.total()).as("datagrams dropped").isGreaterThan(DATAGRAMS / 3);

            List<byte[]> streams = input.streams(STREAMS);
            Counts expectedTcp = expectedStreamDrops(framing, streams);
            before = Counts.of(target.stats());
            List<String> stuck = write(address, streams);
            assertThat(stuck).as("streams the node neither answered nor closed").isEmpty();
            tcp = awaitDrops(target, before, expectedTcp);
            assertThat(tcp).as("streams dropped, by reason").isEqualTo(expectedTcp);
            assertThat(tcp.total()).isGreaterThan(STREAMS / 3);
        }

        System.out.printf("sprayed %d datagrams, node counted %s; %d streams, node counted %s%n", DATAGRAMS, udp,
                STREAMS, tcp);
        assertThat(escaped).as("exceptions that escaped to a thread").isEmpty();
        awaitConverged(cluster, CONVERGE);
        // Still serving: a newcomer joins through the sprayed node and everyone sees it.
        Memberlist late = nodes.start(builder, "late");
        late.join(List.of(seed(target)));
        List<Memberlist> grown = new ArrayList<>(cluster);
        grown.add(late);
        awaitConverged(grown, CONVERGE);
        return new Drops(udp, tcp);
    }

    /** What the node's counters must grow by if every datagram arrives; fails on anything but a drop. */
    private static Counts expectedPacketDrops(Framing framing, List<byte[]> datagrams) {
        return expectedDrops("decoder", datagrams, d -> {
            DecodedPacket p = framing.decodePacket(d);
            return p.malformedParts() > 0 || p.truncatedParts() > 0 || p.unknownMessages() > 0;
        });
    }

    /** The same for streams: an incomplete one is closed by the sprayer, which counts as malformed. */
    private static Counts expectedStreamDrops(Framing framing, List<byte[]> streams) {
        return expectedDrops("stream decoder", streams, s -> framing.decodeStream(s, true) == null && s.length > 0);
    }

    /** Classifies each input the way the node will: a {@link Dropped} reason, or malformed per {@code partial}. */
    private static Counts expectedDrops(String decoder, List<byte[]> inputs, DropCheck partial) {
        long malformed = 0;
        long decrypt = 0;
        long label = 0;
        List<String> thrown = new ArrayList<>();
        for (byte[] input : inputs) {
            try {
                if (partial.malformed(input)) {
                    malformed++;
                }
            } catch (Dropped e) {
                switch (e.reason()) {
                    case DECRYPT -> decrypt++;
                    case LABEL -> label++;
                    case MALFORMED, UNKNOWN_TYPE, TOO_LARGE -> malformed++;
                    default -> throw new AssertionError("a decoder cannot drop for " + e.reason());
                }
            } catch (RuntimeException e) {
                thrown.add(e + " decoding " + HexFormat.of().formatHex(input, 0, Math.min(input.length, 64)));
            }
        }
        assertThat(thrown).as(decoder + " failures other than a counted drop").isEmpty();
        return new Counts(malformed, decrypt, label);
    }

    /** Decodes one input; true when the node will count it malformed without a {@link Dropped}. */
    @FunctionalInterface
    private interface DropCheck {
        boolean malformed(byte[] input) throws Dropped;
    }

    /** Sends in batches, each time giving the node a moment to read them so the socket buffer never overflows. */
    private static void send(DatagramSocket socket, InetSocketAddress to, List<byte[]> datagrams, Memberlist target)
            throws Exception {
        long base = target.stats().packetsReceived();
        for (int i = 0; i < datagrams.size(); i++) {
            byte[] d = datagrams.get(i);
            socket.send(new DatagramPacket(d, d.length, to));
            if (i % 50 == 49) {
                long sent = i + 1;
                try {
                    awaitTrue(() -> target.stats().packetsReceived() - base >= sent, Duration.ofMillis(500), () -> "");
                } catch (AssertionError slow) {
                    // Pacing only: a lost datagram shows up in the drop counts, within their tolerance.
                }
            }
        }
    }

    /** Writes each payload on its own connection, half-closes, and reads until the node closes it. */
    private static List<String> write(InetSocketAddress to, List<byte[]> payloads) throws IOException {
        List<String> stuck = new ArrayList<>();
        byte[] sink = new byte[4096];
        for (int i = 0; i < payloads.size(); i++) {
            try (Socket s = new Socket()) {
                s.connect(to, 2000);
                s.setSoTimeout(3000);
                try {
                    s.getOutputStream().write(payloads.get(i));
                    s.shutdownOutput();
                    InputStream in = s.getInputStream();
                    while (in.read(sink) >= 0) {
                        // drain whatever the node answers (an ack, its push/pull state) until it closes
                    }
                } catch (SocketTimeoutException e) {
                    stuck.add("stream " + i);
                } catch (SocketException e) {
                    // The node reset the connection while we wrote or read: a fine way to refuse garbage.
                }
            }
        }
        return stuck;
    }

    private static Counts awaitDrops(Memberlist target, Counts before, Counts expected) throws InterruptedException {
        try {
            awaitTrue(() -> Counts.of(target.stats()).minus(before).total() >= expected.total(), Duration.ofSeconds(5),
                    () -> "");
        } catch (AssertionError notAll) {
            // Checked by the caller with its own tolerance.
        }
        return Counts.of(target.stats()).minus(before);
    }

    private static byte[] key(long seed) {
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        return k;
    }
}
