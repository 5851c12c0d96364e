package io.memberlist.bench;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.Stats;
import io.memberlist.transport.Framing;
import io.memberlist.transport.netty.EventLoops;
import io.memberlist.wire.Alive;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.RecordComponent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Section 1 of issue 7 as a program that prints figures: three plain-Java nodes (LAN profile) on
 * 127.0.0.1, and one attack after another against the first of them, each bounded in count and time:
 * idle connections, slowloris, large incomplete streams (with the event loop's worst stall and whether a
 * peer suspected the node), the CPU cost of one 1/4/16 MiB stream, connection churn (heap before/after),
 * random datagrams (received vs counted as dropped), forged conflicting alives (WARN/ERROR lines logged) and
 * a join refused for a wrong label or key (what the joiner is told). Takes about three minutes.
 *
 * <pre>mvn -pl memberlist-core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.memberlist.bench.AttackBenchmark</pre>
 *
 * (No {@code -q}: the forged-alive figure counts the warnings printed, and {@code -q} hides them.) Add
 * {@code -Dexec.args="large cost"} to run only some attacks, by name: idle, slowloris, large, cost, churn,
 * datagrams, alives, joins.
 */
public final class AttackBenchmark {
    private static final int MIB = 1024 * 1024;
    private static final AtomicLong LOGGED_WARNINGS = new AtomicLong();

    private final List<Memberlist> cluster = new ArrayList<>();
    private Memberlist target;
    private InetSocketAddress targetAddress;
    private Framing framing;
    private Duration tcpTimeout;

    public static void main(String[] args) throws Exception {
        countWarningLines();
        byte[] trickle = concat(HostileClients.userMessageHeader(1000), new byte[1000]);
        Map<String, Attack> attacks = new java.util.LinkedHashMap<>();
        attacks.put("idle", b -> b.connectionAttack("idle connections (500, re-opened when cut)", 500, new byte[0]));
        attacks.put("slowloris", b -> b.connectionAttack("slowloris (200, one byte every 3 s)", 200, trickle));
        attacks.put("large", AttackBenchmark::largeIncompleteStreams);
        attacks.put("cost", AttackBenchmark::singleStreamCost);
        attacks.put("churn", AttackBenchmark::churn);
        attacks.put("datagrams", AttackBenchmark::randomDatagrams);
        attacks.put("alives", AttackBenchmark::forgedAlives);
        attacks.put("joins", AttackBenchmark::refusedJoins);
        List<String> chosen = args.length == 0 ? List.copyOf(attacks.keySet()) : List.of(args);
        for (String name : chosen) {
            Attack attack = attacks.get(name);
            if (attack == null) {
                throw new IllegalArgumentException("no attack '" + name + "'; choose from " + attacks.keySet());
            }
            // A fresh cluster each time, so what one attack left behind does not weigh on the next.
            AttackBenchmark b = new AttackBenchmark();
            b.start();
            try {
                attack.run(b);
            } finally {
                b.cluster.forEach(Memberlist::shutdown);
            }
        }
        System.exit(0);
    }

    private interface Attack {
        void run(AttackBenchmark b) throws Exception;
    }

    /**
     * The LAN profile on loopback. Where the setting exists, streams may be as large as Go allows (20 MiB of
     * user state), so the large-stream figures compare like with like rather than measure a refusal.
     */
    private static Config.Builder lan(String name) {
        Config.Builder b = Config.lan().name(name).bindAddress("127.0.0.1").bindPort(0);
        try {
            Config.Builder.class.getMethod("maxStreamBytes", int.class).invoke(b, 21 * MIB);
        } catch (NoSuchMethodException e) {
            // an older version without the setting
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return b;
    }

    private void start() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            cluster.add(Memberlist.create(lan("bench-" + i).build()));
        }
        target = cluster.get(0);
        targetAddress = new InetSocketAddress("127.0.0.1", target.localNode().port());
        framing = Framing.of(target.config(), null);
        tcpTimeout = target.config().tcpTimeout();
        for (Memberlist m : cluster.subList(1, 3)) {
            m.join(List.of("127.0.0.1:" + target.localNode().port()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cluster.stream().anyMatch(m -> m.numMembers() < 3) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        System.out.printf("%n(fresh cluster: 3 nodes, LAN profile, target %s, tcpTimeout %d ms)", targetAddress,
                tcpTimeout.toMillis());
    }

    /** Holds {@code count} connections open (trickling {@code trickle}) while honest peers push/pull and join. */
    private void connectionAttack(String name, int count, byte[] trickle) throws Exception {
        Stats before = target.stats();
        try (HostileClients.Flood flood = new HostileClients.Flood(targetAddress, count, trickle,
                Duration.ofSeconds(3))) {
            Thread.sleep(2_000);
            int ok = 0;
            for (int i = 0; i < 50; i++) {
                ok += HostileClients.pushPull(targetAddress, framing, tcpTimeout) ? 1 : 0;
                Thread.sleep(150);
            }
            String join = joinOnce(lan("joiner-" + count), "first join");
            Thread.sleep(Math.max(0, tcpTimeout.toMillis() / 2));
            System.out.printf("%n== %s%n  legitimate push/pulls ok: %d/50%n  %s%n", name, ok, join);
            System.out.printf("  attacker connections opened %d, cut by the node %d (mean life %.0f ms)%n",
                    flood.opened.get(), flood.cut.get(), flood.meanCutLifeMillis());
        }
        System.out.println("  target counters: " + droppedDelta(before, target.stats()));
    }

    private String joinOnce(Config.Builder config, String what) {
        Memberlist joiner = Memberlist.create(config.build());
        try {
            int n = joiner.join(List.of("127.0.0.1:" + target.localNode().port()));
            return what + ": ok (" + n + " contacted)";
        } catch (RuntimeException e) {
            return what + ": FAILED: " + e.getMessage() + "; joiner counters: "
                    + droppedDelta(null, joiner.stats());
        } finally {
            joiner.shutdown();
        }
    }

    /** 12 connections, each sending 19 MiB of a user message that announces 20 MiB, then holding on. */
    private void largeIncompleteStreams() throws Exception {
        Stats before = target.stats();
        long heapBefore = usedHeapAfterGc();
        long gcBefore = gcMillis();
        try (LoopStalls stalls = new LoopStalls(EventLoops.shared());
             LoopStalls streamStalls = new LoopStalls(EventLoops.streams());
             Suspicions suspicions = new Suspicions()) {
            List<Thread> senders = new ArrayList<>();
            AtomicLong written = new AtomicLong();
            for (int i = 0; i < 12; i++) {
                Thread t = new Thread(() -> written.addAndGet(sendIncomplete(20 * MIB, 19 * MIB, 3_000)));
                t.start();
                senders.add(t);
            }
            long peakHeap = 0;
            while (senders.stream().anyMatch(Thread::isAlive)) {
                peakHeap = Math.max(peakHeap, usedHeap());
                Thread.sleep(20);
            }
            Thread.sleep(1_000);
            System.out.printf("%n== large incomplete streams (12 x 19 MiB of 20 MiB announced)%n");
            System.out.printf("  bytes the node took: %d MiB; heap used before %d MiB, peak %d MiB%n",
                    written.get() / MIB, heapBefore / MIB, peakHeap / MIB);
            System.out.printf("  worst event-loop stall: %s (GC time meanwhile: %d ms; the loops share 2 busy "
                    + "cores with the 12 senders); a peer suspected the target: %s%n", stalls.worst(),
                    gcMillis() - gcBefore, suspicions.seen());
            System.out.printf("  (the stall above is of the protocol loops, which run every node's probes, acks "
                    + "and timers, the target's among them; the stream loops, which read the streams: %s)%n",
                    streamStalls.worst());
        }
        System.out.println("  target counters: " + droppedDelta(before, target.stats()));
    }

    /** Writes up to {@code send} bytes of a user message announcing {@code announced}, holds, closes. */
    private long sendIncomplete(int announced, int send, long holdMillis) {
        long written = 0;
        try (Socket s = new Socket()) {
            s.connect(targetAddress, 5_000);
            OutputStream out = s.getOutputStream();
            out.write(HostileClients.userMessageHeader(announced));
            byte[] chunk = new byte[64 * 1024];
            while (written < send) {
                int n = (int) Math.min(chunk.length, send - written);
                out.write(chunk, 0, n);
                written += n;
            }
            out.flush();
            Thread.sleep(holdMillis);
        } catch (Exception e) {
            // cut by the node: that is what we measure
        }
        return written;
    }

    /** Event-loop CPU seconds spent on one complete stream user message of 1, 4 and 16 MiB. */
    private void singleStreamCost() throws Exception {
        System.out.printf("%n== one stream user message: event-loop CPU seconds%n");
        for (int mib : new int[] {1, 4, 16}) {
            long userBefore = target.stats().messagesReceived().getOrDefault("user", 0L);
            long cpuBefore = loopCpuNanos();
            long t0 = System.nanoTime();
            sendIncomplete(mib * MIB, mib * MIB, 0);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (target.stats().messagesReceived().getOrDefault("user", 0L) == userBefore
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            boolean delivered = target.stats().messagesReceived().getOrDefault("user", 0L) > userBefore;
            System.out.printf("  %2d MiB: %.2f CPU-s on the event loops, %d ms wall, delivered %s%n", mib,
                    (loopCpuNanos() - cpuBefore) / 1e9, (System.nanoTime() - t0) / 1_000_000, delivered);
        }
    }

    /** Connect/close as fast as 4 threads can for 10 s (at most 120k), heap before and after. */
    private void churn() throws Exception {
        long heapBefore = usedHeapAfterGc();
        AtomicLong connections = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end && connections.get() < 120_000) {
                    try (Socket s = new Socket()) {
                        s.connect(targetAddress, 1_000);
                        connections.incrementAndGet();
                    } catch (Exception e) {
                        // backlog full: try again
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        Thread.sleep(500);
        long heapAfter = usedHeapAfterGc();
        System.out.printf("%n== connection churn%n  %d connect/close in 10 s; heap used after GC: before %d MiB, "
                + "after %d MiB%n", connections.get(), heapBefore / MIB, heapAfter / MIB);
    }

    /** 6,000 random datagrams: how many the node received, counted as dropped, and decoded into messages. */
    private void randomDatagrams() throws Exception {
        Stats before = target.stats();
        Random random = new Random(7);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < 6_000; i++) {
                byte[] bytes = new byte[1 + random.nextInt(1400)];
                random.nextBytes(bytes);
                socket.send(new DatagramPacket(bytes, bytes.length, targetAddress));
                if (i % 50 == 0) {
                    Thread.sleep(2);
                }
            }
        }
        Stats after = settle();
        long received = after.packetsReceived() - before.packetsReceived();
        long counted = droppedTotal(after) - droppedTotal(before);
        long messages = sum(after.messagesReceived()) - sum(before.messagesReceived());
        System.out.printf("%n== random datagrams (6000 sent)%n  received %d, counted as dropped %d, decoded "
                + "messages %d (includes the cluster's own gossip)%n  target counters: %s%n", received, counted,
                messages, droppedDelta(before, after));
    }

    /** 3,000 alives claiming bench-1's name at another address: WARN/ERROR lines logged meanwhile. */
    private void forgedAlives() throws Exception {
        long linesBefore = LOGGED_WARNINGS.get();
        byte[] vsn = {1, 5, 2, 2, 5, 4};
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < 3_000; i++) {
                Alive forged = new Alive(1_000 + i, "bench-1", new byte[] {127, 0, 0, 2}, 7946, new byte[0], vsn);
                byte[] bytes = framing.encodePacket(List.of(forged), false);
                socket.send(new DatagramPacket(bytes, bytes.length, targetAddress));
                if (i % 50 == 0) {
                    Thread.sleep(2);
                }
            }
        }
        Thread.sleep(3_000);
        System.out.printf("%n== forged conflicting alives (3000)%n  WARN/ERROR lines logged: %d%n",
                LOGGED_WARNINGS.get() - linesBefore);
    }

    private void refusedJoins() {
        System.out.printf("%n== refused joins%n");
        System.out.println("  wrong label: " + joinOnce(lan("joiner-label").label("another-cluster"), "join"));
        byte[] key = new byte[16];
        System.out.println("  wrong key:   " + joinOnce(lan("joiner-key").secretKeys(List.of(key)), "join"));
    }

    // ---- measuring ---------------------------------------------------------------------------------------

    private Stats settle() throws InterruptedException {
        long last = -1;
        while (target.stats().packetsReceived() != last) {
            last = target.stats().packetsReceived();
            Thread.sleep(500);
        }
        return target.stats();
    }

    private static long droppedTotal(Stats s) {
        return s.droppedMalformed() + s.droppedLabel() + s.droppedDecrypt() + s.droppedOverload();
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Every drop counter that changed, found by name so this program runs against older {@link Stats}
     * shapes too: long components starting with {@code dropped} or naming unanswered streams, and maps of
     * counts starting with {@code dropped}.
     */
    private static String droppedDelta(Stats before, Stats after) {
        StringBuilder out = new StringBuilder();
        try {
            for (RecordComponent c : Stats.class.getRecordComponents()) {
                String name = c.getName();
                boolean wanted = name.startsWith("dropped") || name.toLowerCase().contains("unanswered");
                if (!wanted) {
                    continue;
                }
                Object now = c.getAccessor().invoke(after);
                Object then = before == null ? null : c.getAccessor().invoke(before);
                if (now instanceof Long n) {
                    long d = n - (then == null ? 0 : (Long) then);
                    if (d != 0) {
                        out.append(name).append('=').append(d).append(' ');
                    }
                } else if (now instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        long prev = then == null ? 0 : ((Map<?, ?>) then).containsKey(e.getKey())
                                ? (Long) ((Map<?, ?>) then).get(e.getKey()) : 0;
                        long d = (Long) e.getValue() - prev;
                        if (d != 0) {
                            out.append(name).append('.').append(e.getKey()).append('=').append(d).append(' ');
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return out.length() == 0 ? "(none changed)" : out.toString().trim();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static long loopCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("memberlist-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return usedHeap();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Counts the WARN and ERROR lines logged, whoever prints them: slf4j-simple (" WARN ") when run with
     * plain java, or Maven's logger ("[WARNING]") under exec:java, which serves slf4j in Maven's JVM and
     * hides warnings under {@code -q}; hence the command above has no {@code -q}.
     */
    private static void countWarningLines() {
        System.setErr(counting(System.err));
        System.setOut(counting(System.out));
    }

    private static PrintStream counting(PrintStream original) {
        return new PrintStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                original.write(b);
                if (b == '\n') {
                    String l = line.toString();
                    if (l.contains(" WARN ") || l.contains(" ERROR ") || l.startsWith("[WARNING]")
                            || l.startsWith("[ERROR]")) {
                        LOGGED_WARNINGS.incrementAndGet();
                    }
                    line.setLength(0);
                } else if (line.length() < 200) {
                    line.append((char) b);
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /**
     * The worst lateness of a 5 ms tick on each given event loop, while open, and how much of that late
     * interval the loop's thread spent on a CPU: a stall mostly on CPU is work on the loop; one mostly off
     * CPU is the thread waiting for a core (or for a GC pause).
     */
    private static final class LoopStalls implements AutoCloseable {
        private static final long PERIOD_NANOS = 5_000_000L;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private long worstNanos;
        private long worstCpuNanos;
        private volatile boolean open = true;

        LoopStalls(Iterable<? extends io.netty.util.concurrent.EventExecutor> loops) {
            loops.forEach(loop -> loop.execute(() -> tick(loop, System.nanoTime(), cpuNow())));
        }

        private long cpuNow() {
            return threads.getCurrentThreadCpuTime();
        }

        private void tick(io.netty.util.concurrent.EventExecutor loop, long scheduledAt, long cpuAt) {
            loop.schedule(() -> {
                long late = System.nanoTime() - scheduledAt - PERIOD_NANOS;
                long cpu = cpuNow() - cpuAt;
                record(late, cpu);
                if (open) {
                    tick(loop, System.nanoTime(), cpuNow());
                }
            }, PERIOD_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
        }

        private synchronized void record(long lateNanos, long cpuNanos) {
            if (lateNanos > worstNanos) {
                worstNanos = lateNanos;
                worstCpuNanos = cpuNanos;
            }
        }

        synchronized String worst() {
            return String.format("%d ms (the loop's thread on a CPU for %d ms of it)", worstNanos / 1_000_000,
                    worstCpuNanos / 1_000_000);
        }

        @Override
        public void close() {
            open = false;
        }
    }

    /** Whether either peer ever listed the target as SUSPECT (polled every 10 ms), while open. */
    private final class Suspicions implements AutoCloseable {
        private volatile boolean seen;
        private volatile boolean open = true;
        private final Thread poller = new Thread(() -> {
            while (open) {
                for (Memberlist peer : cluster.subList(1, 3)) {
                    for (Node n : peer.members()) {
                        if (n.name().equals("bench-0") && n.state() == NodeState.SUSPECT) {
                            seen = true;
                        }
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        Suspicions() {
            poller.setDaemon(true);
            poller.start();
        }

        boolean seen() {
            return seen;
        }

        @Override
        public void close() throws InterruptedException {
            open = false;
            poller.join();
        }
    }
}
