package io.memberlist.bench;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.delegate.EventDelegate;
import io.memberlist.interop.GoToolchain;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast a crash is noticed, ours against Go memberlist v0.2.2 under the same steps, as a program that
 * prints numbers. Per run: a fresh cluster of N nodes on loopback (LAN profile: probe interval 1 s), joined
 * through one seed; once every node lists N members and a settle time passed, one random node stops without
 * a word (looks like kill -9). Measured from that moment:
 * <ul>
 *   <li>first detection: the first SUSPECT anywhere (ours: every node's member list polled every 5 ms; Go:
 *       the "Suspect X has failed" log line memberlist writes right before suspecting);</li>
 *   <li>dead everywhere: every survivor's {@link EventDelegate} was told the node left (Go: NotifyLeave).</li>
 * </ul>
 * The Go side is {@code src/test/go/memberlist-cluster}, one process running N memberlist instances, each
 * created at a random point of the probe interval: a Go node's probe ticker starts at {@code Create}, so
 * nodes created back to back in one process would all probe at the same instant, which no real cluster does
 * (it raised Go's median first detection from 1.7 s to 1.9 s at N = 10 in a first attempt). Ours start with
 * a random stagger per node already.
 *
 * <pre>mvn -q -o -pl memberlist-core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.memberlist.bench.CrashDetectionBenchmark -Dexec.args="--nodes 10,100 --runs 20"</pre>
 *
 * <p>Mind the resolution: first detection is the wait until some survivor's round-robin reaches the victim
 * (about exponential, mean one probe interval, at any N) plus one probe interval, so its spread is wide. Two
 * series of 20 runs of the same algorithm have medians more than 10 % apart about half the time (a model of
 * Go's {@code probe}/{@code resetNodes} order, 4,000 draws); telling 10 % apart takes hundreds of runs, or the
 * simulator ({@code Simulate --scenario crash}, seeded and free of machine load).
 *
 * <p>Flags: {@code --nodes 10,100}, {@code --runs 20}, {@code --settle-ms 3000}, {@code --impl java,go}. The
 * implementations take turns run by run, so a shared machine's load weighs on both alike.
 */
public final class CrashDetectionBenchmark {
    private static final long POLL_NANOS = 5_000_000L;
    private static final Pattern GO_RUN = Pattern.compile(
            "\"deadEverywhereMs\":([0-9.]+),\"firstSuspectMs\":([0-9.]+)");

    /** Most a run may take, both sides, from the first node's start: 100 nodes on 2 busy cores are slow. */
    private static final long LIMIT_SECONDS = 300;
    private static Path goBinary;

    private record Run(double firstSuspectMs, double deadEverywhereMs) {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        List<Integer> sizes = List.of(10, 100);
        List<String> impls = List.of("java", "go");
        int runs = 20;
        long settleMs = 3000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--settle-ms" -> settleMs = Long.parseLong(args[++i]);
                case "--impl" -> impls = List.of(args[++i].split(","));
                default -> {
                    System.err.println("unknown flag " + args[i] + "; use --nodes 10,100 --runs 20 --settle-ms 3000"
                            + " --impl java,go");
                    System.exit(2);
                }
            }
        }
        for (int n : sizes) {
            // Interleaved, one run of each in turn, so that both see the same load on a shared machine.
            Map<String, List<Run>> results = new java.util.LinkedHashMap<>();
            for (int run = 1; run <= runs; run++) {
                for (String impl : impls) {
                    Run r = impl.equals("go") ? go(n, 1, settleMs).get(0) : javaOnce(run, n, settleMs);
                    System.out.printf(Locale.ROOT, "%s n=%d run %d: first suspect %.0f ms, dead everywhere %.0f ms%n",
                            impl, n, run, r.firstSuspectMs(), r.deadEverywhereMs());
                    results.computeIfAbsent(impl, k -> new ArrayList<>()).add(r);
                }
            }
            results.forEach((impl, list) -> System.out.println(summary(impl, n, list)));
        }
        System.exit(0);
    }

    // ---- ours ---------------------------------------------------------------------------------------------

    private static Run javaOnce(int run, int n, long settleMs) throws Exception {
        Map<String, Long> gone = new ConcurrentHashMap<>();
        String[] victimName = {null};
        List<Memberlist> cluster = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String name = String.format(Locale.ROOT, "java-%d-%d", run, i);
                EventDelegate events = new EventDelegate() {
                    @Override
                    public void notifyJoin(Node node) {
                    }

                    @Override
                    public void notifyLeave(Node node) {
                        if (node.name().equals(victimName[0])) {
                            gone.putIfAbsent(name, System.nanoTime());
                        }
                    }

                    @Override
                    public void notifyUpdate(Node node) {
                    }
                };
                cluster.add(Memberlist.create(Config.lan().name(name).bindAddress("127.0.0.1").bindPort(0)
                        .events(events).build()));
                if (i > 0) {
                    Node seed = cluster.get(0).localNode();
                    cluster.get(i).join(List.of(seed.address().inetAddress().getHostAddress() + ":" + seed.port()));
                }
            }
            long limit = System.nanoTime() + LIMIT_SECONDS * 1_000_000_000L;
            while (!cluster.stream().allMatch(m -> m.numMembers() == n)) {
                check(limit, "no convergence");
                Thread.sleep(10);
            }
            Thread.sleep(settleMs);
            Memberlist victim = cluster.remove(ThreadLocalRandom.current().nextInt(n));
            victimName[0] = victim.localNode().name();
            long killedAt = System.nanoTime();
            victim.shutdown();
            long firstSuspect = 0;
            while (firstSuspect == 0 || gone.size() < n - 1) {
                check(limit, "victim not dead everywhere in time");
                if (firstSuspect == 0 && suspectedAnywhere(cluster, victimName[0])) {
                    firstSuspect = System.nanoTime();
                }
                Thread.sleep(POLL_NANOS / 1_000_000);
            }
            long last = Collections.max(gone.values());
            return new Run((firstSuspect - killedAt) / 1e6, (last - killedAt) / 1e6);
        } finally {
            cluster.forEach(Memberlist::shutdown);
        }
    }

    private static boolean suspectedAnywhere(List<Memberlist> cluster, String victim) {
        for (Memberlist m : cluster) {
            for (Node node : m.members()) {
                if (node.name().equals(victim) && node.state() != NodeState.ALIVE) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void check(long limitNanos, String what) {
        if (System.nanoTime() > limitNanos) {
            throw new IllegalStateException(what);
        }
    }

    // ---- Go -----------------------------------------------------------------------------------------------

    private static List<Run> go(int n, int runs, long settleMs) throws Exception {
        if (goBinary == null) {
            goBinary = GoToolchain.program("memberlist-cluster");
        }
        Path binary = goBinary;
        Process p = new ProcessBuilder(binary.toString(), "-nodes", Integer.toString(n), "-runs",
                Integer.toString(runs), "-settle", settleMs + "ms", "-limit", LIMIT_SECONDS + "s").redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<Run> results = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = GO_RUN.matcher(line);
                if (m.find()) {
                    results.add(new Run(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(1))));
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the Go cluster exited with " + p.exitValue());
        }
        return results;
    }

    // ---- report -------------------------------------------------------------------------------------------

    private static String summary(String impl, int n, List<Run> runs) {
        double[] first = runs.stream().mapToDouble(Run::firstSuspectMs).sorted().toArray();
        double[] dead = runs.stream().mapToDouble(Run::deadEverywhereMs).sorted().toArray();
        return String.format(Locale.ROOT, "SUMMARY %-4s n=%-3d runs=%d  first-suspect p50=%.0f p90=%.0f max=%.0f ms"
                        + "  dead-everywhere p50=%.0f p90=%.0f max=%.0f ms", impl, n, runs.size(),
                pct(first, 50), pct(first, 90), max(first), pct(dead, 50), pct(dead, 90), max(dead));
    }

    /** Nearest-rank percentile. */
    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double max(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }
}
