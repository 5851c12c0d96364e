package io.memberlist.bench;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.Stats;
import io.memberlist.delegate.EventDelegate;
import io.memberlist.protocol.Timing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What a real-socket cluster costs, as a program that prints numbers (never an assertion on wall-clock
 * time): starts N memberlist nodes on loopback in this JVM, joins them through one seed, and reports
 * <ul>
 *   <li>convergence: time from the first join until every node lists all N members;</li>
 *   <li>over an idle window (after a settle period, so join gossip has died out): process CPU seconds per
 *       node per minute, bytes sent per node per second (packets and streams, after framing), and probe
 *       failures (false alarms);</li>
 *   <li>heap per node: used heap after {@code System.gc()} with N nodes running, minus the same before
 *       they were created (after a throwaway warm-up pair, so class loading and the shared event-loop
 *       group are not charged to the nodes), divided by N;</li>
 *   <li>graceful leave: one node leaves, time until every other node was told it is {@code LEFT};</li>
 *   <li>crash: one node stops without a word, time until every other node was told it is {@code DEAD},
 *       next to the suspicion bound of the profile.</li>
 * </ul>
 * Membership states are observed through each node's {@link EventDelegate}, as an application would.
 *
 * <pre>mvn -q -pl memberlist-core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.memberlist.bench.ClusterBenchmark -Dexec.args="--nodes 100"</pre>
 *
 * Flags: {@code --nodes N} (100), {@code --window S} idle seconds (default: 60, or the push/pull interval
 * scaled for N when longer: 90 s at N = 100 with LAN), {@code --settle S} (20),
 * {@code --profile lan|wan|local} (lan). Prints a readable report and one line starting with {@code JSON}.
 */
public final class ClusterBenchmark {
    private static final double MB = 1024.0 * 1024.0;

    private final int nodes;
    private final Duration window;
    private final Duration settle;
    private final String profile;
    /** subject name → observer name → when the observer was told the subject is dead (or left). */
    private final Departures departures = new Departures();
    private final Map<String, Map<String, Long>> dead = departures.dead;
    private final Map<String, Map<String, Long>> left = departures.left;
    private final List<Memberlist> cluster = new ArrayList<>();

    private ClusterBenchmark(int nodes, long windowSeconds, Duration settle, String profile) {
        this.nodes = nodes;
        this.settle = settle;
        this.profile = profile;
        // By default the window spans at least one push/pull period, so every node's periodic push/pull
        // (scaled up with the cluster size) is counted once rather than by luck of the stagger.
        long pushPullNanos = Timing.pushPullScale(profile().build().pushPullInterval().toNanos(), nodes);
        this.window = windowSeconds > 0 ? Duration.ofSeconds(windowSeconds)
                : Duration.ofNanos(Math.max(Duration.ofSeconds(60).toNanos(), pushPullNanos));
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // not a line per node started
        }
        int nodes = 100;
        long windowSeconds = -1;
        long settleSeconds = 20;
        String profile = "lan";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--window" -> windowSeconds = Long.parseLong(args[++i]);
                case "--settle" -> settleSeconds = Long.parseLong(args[++i]);
                case "--profile" -> profile = args[++i];
                default -> {
                    System.err.println("unknown flag " + args[i]
                            + "; use --nodes N --window SECONDS --settle SECONDS --profile lan|wan|local");
                    System.exit(2);
                }
            }
        }
        if (nodes < 3) {
            System.err.println("--nodes must be at least 3 (one leaves, one crashes)");
            System.exit(2);
        }
        ClusterBenchmark bench = new ClusterBenchmark(nodes, windowSeconds, Duration.ofSeconds(settleSeconds), profile);
        bench.run();
    }

    private Config.Builder profile() {
        Config.Builder builder = switch (profile) {
            case "lan" -> Config.lan();
            case "wan" -> Config.wan();
            case "local" -> Config.local();
            default -> throw new IllegalArgumentException("unknown profile " + profile + "; use lan, wan or local");
        };
        return builder.bindPort(0); // an ephemeral port for every node
    }

    private Config config(String name) {
        return profile().name(name).bindAddress("127.0.0.1").events(departures.observer(name)).build();
    }

    private void run() throws Exception {
        warmUp();
        long heapBefore = usedHeapAfterGc();
        try {
            measure(heapBefore);
        } finally {
            cluster.forEach(Memberlist::shutdown);
        }
    }

    /** Loads the classes and starts the shared threads a first node needs, so they are not charged per node. */
    private void warmUp() throws InterruptedException {
        try (Memberlist a = Memberlist.create(profile().name("warmup-a").bindAddress("127.0.0.1").build());
             Memberlist b = Memberlist.create(profile().name("warmup-b").bindAddress("127.0.0.1").build())) {
            b.join(List.of(seed(a)));
            await(() -> a.numMembers() == 2 && b.numMembers() == 2, Duration.ofSeconds(10));
        }
    }

    private void measure(long heapBefore) throws Exception {
        long startAt = System.nanoTime();
        for (int i = 0; i < nodes; i++) {
            cluster.add(Memberlist.create(config(String.format(Locale.ROOT, "node-%03d", i))));
        }
        double startSeconds = seconds(System.nanoTime() - startAt);

        long joinAt = System.nanoTime();
        String seed = seed(cluster.get(0));
        List<CompletableFuture<Integer>> joins = new ArrayList<>();
        for (Memberlist m : cluster.subList(1, nodes)) {
            joins.add(m.joinAsync(List.of(seed)));
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get();
        boolean converged = await(() -> cluster.stream().allMatch(m -> m.numMembers() == nodes),
                Duration.ofSeconds(120));
        double convergeSeconds = seconds(System.nanoTime() - joinAt);

        Thread.sleep(settle.toMillis());
        Idle idle = idleWindow();
        long heapWith = usedHeapAfterGc();
        double heapPerNodeMb = (heapWith - heapBefore) / MB / nodes;

        Config timings = profile().name("timings").build();
        long minSuspicion = Timing.suspicionTimeout(timings.suspicionMult(), nodes, timings.probeInterval().toNanos());
        long maxSuspicion = minSuspicion * timings.suspicionMaxTimeoutMult();

        Memberlist leaver = cluster.get(nodes - 1);
        long leaveAt = System.nanoTime();
        leaver.leaveAsync();
        boolean leaveSeen = await(() -> seenByAllOthers(left, leaver, List.of()), Duration.ofSeconds(30));
        double leaveSeconds = latest(left, leaver.localNode().name(), leaveAt);
        leaver.shutdown();
        Thread.sleep(2_000); // let the leave finish spreading before the next event

        Memberlist victim = cluster.get(nodes - 2);
        long crashAt = System.nanoTime();
        victim.shutdown();
        boolean crashSeen = await(() -> seenByAllOthers(dead, victim, List.of(leaver)),
                Duration.ofNanos(maxSuspicion + timings.probeInterval().toNanos() * 10));
        double crashSeconds = latest(dead, victim.localNode().name(), crashAt);

        Report r = new Report(nodes, profile, startSeconds, converged, convergeSeconds, window.toSeconds(),
                settle.toSeconds(), idle, heapPerNodeMb, heapBefore / MB, heapWith / MB, leaveSeen, leaveSeconds,
                crashSeen, crashSeconds, seconds(minSuspicion), seconds(maxSuspicion),
                seconds(timings.probeInterval().toNanos()));
        System.out.println(r.text());
        System.out.println("JSON " + r.json());
    }

    /** CPU, traffic and false alarms over the idle window. */
    private Idle idleWindow() throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = os.getProcessCpuTime();
        long jit0 = jitMillis();
        long gc0 = gcMillis();
        Map<Long, Long> perThread0 = memberlistThreadCpu(threads);
        Totals t0 = totals();
        long at0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        long elapsed = System.nanoTime() - at0;
        long cpu1 = os.getProcessCpuTime();
        double jitSeconds = (jitMillis() - jit0) / 1e3;
        double gcSeconds = (gcMillis() - gc0) / 1e3;
        Map<Long, Long> perThread1 = memberlistThreadCpu(threads);
        Totals t1 = totals();
        long memberlistCpu = 0;
        for (Map.Entry<Long, Long> e : perThread1.entrySet()) {
            memberlistCpu += e.getValue() - perThread0.getOrDefault(e.getKey(), 0L);
        }
        double minutes = elapsed / 60e9;
        double secs = elapsed / 1e9;
        return new Idle(seconds(cpu1 - cpu0) / nodes / minutes, seconds(memberlistCpu) / nodes / minutes,
                (t1.bytes - t0.bytes) / (double) nodes / secs, (t1.packets - t0.packets) / (double) nodes / secs,
                (t1.streams - t0.streams) / (double) nodes / secs, t1.probeFailures - t0.probeFailures, jitSeconds,
                gcSeconds);
    }

    /** Time the JIT compilers spent so far (wall time of compilations, a proxy for their CPU). */
    private static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static long gcMillis() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** CPU time of the threads running memberlist code: the event loops and the callback pool. */
    private static Map<Long, Long> memberlistThreadCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new ConcurrentHashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("memberlist")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }

    private record Totals(long bytes, long packets, long streams, long probeFailures) {
    }

    private Totals totals() {
        long bytes = 0;
        long packets = 0;
        long streams = 0;
        long failures = 0;
        for (Memberlist m : cluster) {
            Stats s = m.stats();
            bytes += s.packetBytesSent() + s.streamBytesSent();
            packets += s.packetsSent();
            streams += s.streamsOpened();
            failures += s.probeFailures();
        }
        return new Totals(bytes, packets, streams, failures);
    }

    /** Whether every node still running, other than {@code subject}, was told about it. */
    private boolean seenByAllOthers(Map<String, Map<String, Long>> seen, Memberlist subject, List<Memberlist> down) {
        Map<String, Long> observers = seen.getOrDefault(subject.localNode().name(), Map.of());
        return cluster.stream().filter(m -> m != subject && !down.contains(m))
                .allMatch(m -> observers.containsKey(m.localNode().name()));
    }

    /** Seconds from {@code since} until the last observer was told; NaN if nobody was. */
    private static double latest(Map<String, Map<String, Long>> seen, String subject, long since) {
        Map<String, Long> told = seen.getOrDefault(subject, Map.of());
        return told.isEmpty() ? Double.NaN
                : seconds(told.values().stream().mapToLong(t -> t - since).max().getAsLong());
    }

    private static String seed(Memberlist m) {
        return "127.0.0.1:" + m.localNode().port();
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private record Idle(double cpuPerNodeMinute, double memberlistCpuPerNodeMinute, double bytesPerNodeSecond,
                        double packetsPerNodeSecond, double streamsPerNodeSecond, long probeFailures,
                        double jitSeconds, double gcSeconds) {
    }

    private record Report(int nodes, String profile, double startSeconds, boolean converged, double convergeSeconds,
                          long windowSeconds, long settleSeconds, Idle idle, double heapPerNodeMb,
                          double heapBeforeMb, double heapWithMb, boolean leaveSeen, double leaveSeconds,
                          boolean crashSeen, double crashSeconds, double suspicionMinSeconds,
                          double suspicionMaxSeconds, double probeIntervalSeconds) {
        String text() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "memberlist cluster benchmark: %d nodes, %s profile, loopback, one "
                            + "JVM, %d cores, Java %s%n", nodes, profile, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version")));
            b.append(String.format(Locale.ROOT, "  start        %d nodes bound in %.2f s%n", nodes, startSeconds));
            b.append(String.format(Locale.ROOT, "  convergence  %s %.2f s after %d nodes joined through one seed%n",
                    converged ? "all see " + nodes + " members" : "NOT CONVERGED after", convergeSeconds,
                    nodes - 1));
            b.append(String.format(Locale.ROOT, "  idle window  %d s, after %d s to settle%n", windowSeconds,
                    settleSeconds));
            b.append(String.format(Locale.ROOT, "    cpu        %.4f CPU-s per node per minute (process; "
                    + "memberlist threads %.4f; the JVM spent %.2f s compiling and %.2f s in GC during the "
                    + "window)%n", idle.cpuPerNodeMinute, idle.memberlistCpuPerNodeMinute, idle.jitSeconds,
                    idle.gcSeconds));
            b.append(String.format(Locale.ROOT, "    heap       %.3f MB per node (used after GC %.1f MB with the "
                    + "nodes, %.1f MB before)%n", heapPerNodeMb, heapWithMb, heapBeforeMb));
            b.append(String.format(Locale.ROOT, "    traffic    %.0f bytes/s per node sent (%.2f packets/s, %.3f "
                    + "streams/s), %d probe failures%n", idle.bytesPerNodeSecond, idle.packetsPerNodeSecond,
                    idle.streamsPerNodeSecond, idle.probeFailures));
            b.append(String.format(Locale.ROOT, "  leave        %s %.3f s after leave()%n",
                    leaveSeen ? "seen LEFT by all " + (nodes - 1) + " others" : "NOT seen LEFT by all within 30 s;"
                            + " last at", leaveSeconds));
            b.append(String.format(Locale.ROOT, "  crash        %s %.2f s after shutdown() (suspicion timeout "
                            + "%.1f s with confirmations, %.1f s without; probe interval %.1f s)%n",
                    crashSeen ? "seen DEAD by all " + (nodes - 2) + " others" : "NOT seen DEAD by all; last at",
                    crashSeconds, suspicionMinSeconds, suspicionMaxSeconds, probeIntervalSeconds));
            return b.toString().stripTrailing();
        }

        String json() {
            return String.format(Locale.ROOT, "{\"nodes\":%d,\"profile\":\"%s\",\"converged\":%b,"
                            + "\"convergence_s\":%.3f,\"window_s\":%d,\"cpu_s_per_node_per_min\":%.5f,"
                            + "\"memberlist_thread_cpu_s_per_node_per_min\":%.5f,\"heap_mb_per_node\":%.4f,"
                            + "\"bytes_per_node_per_s\":%.1f,\"packets_per_node_per_s\":%.3f,"
                            + "\"streams_per_node_per_s\":%.4f,\"probe_failures\":%d,\"leave_seen\":%b,"
                            + "\"leave_s\":%.3f,\"crash_seen\":%b,\"crash_s\":%.3f,\"suspicion_min_s\":%.3f,"
                            + "\"suspicion_max_s\":%.3f}",
                    nodes, profile, converged, convergeSeconds, windowSeconds, idle.cpuPerNodeMinute,
                    idle.memberlistCpuPerNodeMinute, heapPerNodeMb, idle.bytesPerNodeSecond,
                    idle.packetsPerNodeSecond, idle.streamsPerNodeSecond, idle.probeFailures, leaveSeen,
                    leaveSeconds, crashSeen, crashSeconds, suspicionMinSeconds, suspicionMaxSeconds);
        }
    }
}
