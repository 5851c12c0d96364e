package io.memberlist.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Codec throughput, as a program that prints numbers (never an assertion on wall-clock time): encode and
 * decode messages per second for a ping, an ack, an alive and a 50-node push/pull. Single-threaded; each
 * case gets a warmup round, then {@code measureMillis} (first argument, default 1000) of measured rounds.
 *
 * <pre>mvn -q -pl memberlist-core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.memberlist.wire.CodecBenchmark</pre>
 */
public final class CodecBenchmark {
    private static final byte[] IP = {10, 0, 0, 1};
    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    /** Defeats dead-code elimination: every result feeds it. */
    private static long sink;

    private CodecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long measureMillis = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        System.out.printf(Locale.ROOT, "%-22s %8s %16s %16s%n", "message", "bytes", "encode msg/s", "decode msg/s");
        run("ping (with source)", new Ping(42, "node-2", IP, 7946, "node-1"), false, measureMillis);
        run("ack", new Ack(42, null), false, measureMillis);
        run("alive", new Alive(7, "node-17", IP, 7946, "zone=a,role=web".getBytes(), VSN), false, measureMillis);
        run("push/pull 50 nodes", pushPull(50), true, measureMillis);
        System.out.println("(sink " + (sink & 0xff) + ")");
    }

    private static PushPull pushPull(int nodes) {
        List<PushNodeState> states = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            states.add(new PushNodeState("node-" + i, new byte[] {10, 0, (byte) (i >> 8), (byte) i}, 7946,
                    ("meta-" + i).getBytes(), 100 + i, i % 4, VSN));
        }
        return new PushPull(false, states, new byte[64]);
    }

    private static void run(String name, Message message, boolean stream, long measureMillis) throws Exception {
        byte[] encoded = stream ? MessageCodec.encodeStreamMessage(message) : MessageCodec.encodePacketMessage(message);
        measure(() -> encodeOnce(message, stream), measureMillis / 2); // warmup
        double encodes = measure(() -> encodeOnce(message, stream), measureMillis);
        measure(() -> decodeOnce(encoded, stream), measureMillis / 2);
        double decodes = measure(() -> decodeOnce(encoded, stream), measureMillis);
        System.out.printf(Locale.ROOT, "%-22s %8d %16.0f %16.0f%n", name, encoded.length, encodes, decodes);
    }

    private static void encodeOnce(Message m, boolean stream) {
        byte[] b = stream ? MessageCodec.encodeStreamMessage(m) : MessageCodec.encodePacketMessage(m);
        sink += b.length + b[b.length - 1];
    }

    private static void decodeOnce(byte[] b, boolean stream) throws MalformedPacketException {
        Message m = stream ? MessageCodec.decodeStreamMessage(b) : MessageCodec.decodePacketMessage(b);
        sink += m.hashCode();
    }

    private interface Operation {
        void run() throws Exception;
    }

    /** Operations per second over at least {@code millis}, checking the clock every batch of 256. */
    private static double measure(Operation op, long millis) throws Exception {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        long count = 0;
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                op.run();
            }
            count += 256;
            now = System.nanoTime();
        } while (now < deadline);
        return count * 1e9 / (now - start);
    }
}
