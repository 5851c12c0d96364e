package io.memberlist.spring.raft;

import io.memberlist.spring.raft.LoopbackGroup.Timeouts;
import io.memberlist.spring.raft.builtin.CounterMachine;
import io.memberlist.spring.raft.builtin.MapMachine;
import io.memberlist.spring.raft.builtin.ReplicatedCounter;
import io.memberlist.spring.raft.group.RaftGroupProperties;
import io.memberlist.spring.raft.statemachine.RatisRaftOperations;
import io.memberlist.spring.raft.statemachine.StateMachineHost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.ratis.protocol.RaftPeerId;

/**
 * The raft group's figures on loopback: three voters over gRPC, storage in a temporary directory, the
 * starter's default raft timeouts ({@code memberlist.raft.election-timeout-min/max}, {@code request-timeout}),
 * the built-in counter and map machines, commands through the starter's {@link RaftOperations} as
 * {@link ReplicatedCounter#incrementAndGet}. A program, not a test; it prints:
 * <ol>
 *   <li>commit latency of sequential commands (one in flight): p50 / p99 / max, after a warm-up;</li>
 *   <li>writes per second with 1, 4 and 16 commands in flight from one client;</li>
 *   <li>leader failover over several runs: the leader's server killed (closed, no leadership transfer), then
 *       the time until another server leads and is ready, and until the first write sent after the kill
 *       commits (the client's retries included); the killed server is restarted from its storage and caught
 *       up before the next run.</li>
 * </ol>
 * Arguments: {@code [commands] [secondsPerThroughputLevel] [failoverRuns]}, defaults 3000, 8, 12.
 *
 * <pre>mvn -B -o -pl memberlist-spring-boot-starter -am test-compile exec:java -Dexec.skip
 *     -Dexec.classpathScope=test -Dexec.mainClass=io.memberlist.spring.raft.RaftBenchmark</pre>
 * ({@code -Dexec.skip} skips the parent and core modules; the starter's pom runs it regardless.)
 */
public final class RaftBenchmark {
    private static final int WARM_UP = 500;
    private static final String COUNTER = "bench";

    private RaftBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int commands = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int secondsPerLevel = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int failoverRuns = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        RaftGroupProperties defaults = new RaftGroupProperties();
        Timeouts timeouts = new Timeouts(defaults.getElectionTimeoutMin(), defaults.getElectionTimeoutMax(),
                defaults.getRequestTimeout());
        System.out.printf(Locale.ROOT, "raft benchmark: 3 voters, gRPC on loopback, storage in a temp dir, election "
                        + "timeout %s-%s, request timeout %s, %d cores, java %s%n", timeouts.electionMin(),
                timeouts.electionMax(), timeouts.request(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Path dir = Files.createTempDirectory("raft-bench");
        try (LoopbackGroup group = new LoopbackGroup(dir, 3, timeouts,
                id -> new StateMachineHost(List.of(new CounterMachine(), new MapMachine())), p -> { })) {
            if (group.awaitLeader(Duration.ofSeconds(60)) == null) {
                throw new IllegalStateException("no leader within 60 s");
            }
            try (RatisRaftOperations raft = group.operations(RatisRaftOperations.Settings.defaults())) {
                ReplicatedCounter counter = new ReplicatedCounter(raft, COUNTER);
                commitLatency(counter, commands);
                for (int inFlight : new int[] {1, 4, 16}) {
                    throughput(counter, inFlight, Duration.ofSeconds(secondsPerLevel));
                }
            }
            failover(group, failoverRuns);
        } finally {
            deleteTree(dir);
        }
        System.exit(0); // Ratis and gRPC leave non-daemon threads behind
    }

    private static void commitLatency(ReplicatedCounter counter, int commands) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            counter.incrementAndGet().get(60, TimeUnit.SECONDS);
        }
        long[] micros = new long[commands];
        for (int i = 0; i < commands; i++) {
            long start = System.nanoTime();
            counter.incrementAndGet().get(60, TimeUnit.SECONDS);
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        java.util.Arrays.sort(micros);
        System.out.printf(Locale.ROOT, "commit latency, %d sequential increments after %d warm-up: p50 %.2f ms, "
                        + "p99 %.2f ms, max %.2f ms%n", commands, WARM_UP, micros[commands / 2] / 1000.0,
                micros[(int) Math.ceil(commands * 0.99) - 1] / 1000.0, micros[commands - 1] / 1000.0);
    }

    private static void throughput(ReplicatedCounter counter, int inFlight, Duration duration) throws Exception {
        Semaphore window = new Semaphore(inFlight);
        AtomicLong committed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            window.acquire();
            counter.incrementAndGet().whenComplete((value, error) -> {
                (error == null ? committed : failed).incrementAndGet();
                window.release();
            });
        }
        window.acquire(inFlight); // the last ones in flight
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "throughput, %2d in flight: %.0f writes/s (%d committed in %.1f s, %d failed)%n",
                inFlight, committed.get() / seconds, committed.get(), seconds, failed.get());
    }

    private static void failover(LoopbackGroup group, int runs) throws Exception {
        List<Long> elected = new ArrayList<>();
        List<Long> written = new ArrayList<>();
        Duration within = Duration.ofSeconds(60);
        for (int run = 1; run <= runs; run++) {
            RaftPeerId leader = group.awaitLeader(within);
            try (RatisRaftOperations raft = group.operations(RatisRaftOperations.Settings.defaults())) {
                ReplicatedCounter counter = new ReplicatedCounter(raft, COUNTER);
                counter.incrementAndGet().get(60, TimeUnit.SECONDS); // the client knows the leader
                long killed = System.nanoTime();
                group.kill(leader);
                CompletableFuture<Long> write = counter.incrementAndGet();
                RaftPeerId next = group.awaitLeader(within);
                long electedMs = (System.nanoTime() - killed) / 1_000_000;
                write.get(60, TimeUnit.SECONDS);
                long writtenMs = (System.nanoTime() - killed) / 1_000_000;
                // A write that committed before the poll saw the leader ready still needed one; keep the order.
                elected.add(Math.min(electedMs, writtenMs));
                written.add(writtenMs);
                System.out.printf(Locale.ROOT, "failover run %2d: %s killed -> %s leads after %d ms, first write "
                        + "committed after %d ms%n", run, leader, next, Math.min(electedMs, writtenMs), writtenMs);
            }
            group.restart(leader);
            awaitCaughtUp(group, leader);
        }
        System.out.printf(Locale.ROOT, "leader failover, %d runs: new leader p50 %d ms, max %d ms; first write "
                + "committed p50 %d ms, max %d ms%n", runs, median(elected), max(elected), median(written), max(written));
    }

    /** Waits until the restarted server has applied what the leader has, and one election timeout more. */
    private static void awaitCaughtUp(LoopbackGroup group, RaftPeerId restarted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            RaftPeerId leader = group.readyLeader();
            if (leader != null && group.appliedIndex(restarted) >= group.appliedIndex(leader)) {
                Thread.sleep(group.timeouts().electionMax().toMillis());
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(restarted + " did not catch up within 60 s");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long max(List<Long> values) {
        return values.stream().max(Comparator.naturalOrder()).orElseThrow();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
