package io.memberlist.bench;

import io.memberlist.Config;
import io.memberlist.sim.Forecast;
import io.memberlist.sim.ForecastBudget;
import io.memberlist.sim.ForecastRequest;
import io.memberlist.sim.Forecaster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The forecast next to a real loopback cluster of the same settings: crash detection (each other member
 * told DEAD) and leave propagation (told LEFT), medians and p99 over members, pooled over a few clusters.
 * Prints one table row per size, for the README:
 *
 * <pre>mvn -q -pl memberlist-core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.memberlist.bench.ForecastCheck -Dexec.args="10 50 100"</pre>
 *
 * <p>Agreement is "median within max(30 %, one probe interval)": the real side's median moves by up to a
 * probe interval with where each prober happens to be in its probe cycle at the crash (and by scheduling
 * on a busy machine), and beyond that the suspicion timeout dominates, which the forecast computes with
 * the same code; 30 % leaves room for the real cluster's few samples.
 */
public final class ForecastCheck {
    /**
     * The settings compared: Config.local() (probes every second, 500 ms timeout), with broadcasts
     * retransmitted as on a LAN (so a leave reaches everyone by gossip rather than, now and then, only by
     * push/pull) and a 5 s TCP timeout, so joins on a busy test machine do not time out. Not faster:
     * real nodes on a loaded two-core machine must answer within the probe timeout, or the comparison
     * measures the machine instead of the protocol.
     */
    public static Config.Builder profile() {
        return Config.local().retransmitMult(4).tcpTimeout(Duration.ofSeconds(5));
    }

    /** Forecast and measurement of one size; times in seconds. */
    public record Comparison(int nodes, int clusters, double forecastCrashP50, double realCrashP50,
                             double forecastCrashP99, double realCrashP99, double forecastLeaveP50,
                             double realLeaveP50, double forecastLeaveP99, double realLeaveP99,
                             double toleranceCrashS, double toleranceLeaveS, int realLeaveSeenDead) {

        public boolean crashAgrees() {
            return Math.abs(forecastCrashP50 - realCrashP50) <= toleranceCrashS;
        }

        public boolean leaveAgrees() {
            return Math.abs(forecastLeaveP50 - realLeaveP50) <= toleranceLeaveS;
        }

        public String row() {
            return String.format(Locale.ROOT, "| %d | %.2f / %.2f | %.2f / %.2f | %.3f / %.3f | %.3f / %.3f | %s |",
                    nodes, forecastCrashP50, realCrashP50, forecastCrashP99, realCrashP99, forecastLeaveP50,
                    realLeaveP50, forecastLeaveP99, realLeaveP99,
                    crashAgrees() && leaveAgrees() ? "yes" : "NO");
        }
    }

    private ForecastCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.out.println("| N | crash dead p50 forecast / real (s) | crash dead p99 | leave left p50 | "
                + "leave left p99 | within tolerance |");
        System.out.println("|---|---|---|---|---|---|");
        for (String a : args.length == 0 ? new String[] {"10", "50", "100"} : args) {
            int n = Integer.parseInt(a);
            System.out.println(compare(profile(), n, Math.max(1, 60 / n), Duration.ofMinutes(5)).row());
        }
    }

    /** Forecasts {@code nodes} with {@code profile}, then measures {@code clusters} real clusters of that size. */
    public static Comparison compare(Config.Builder profile, int nodes, int clusters) throws Exception {
        return compare(profile, nodes, clusters, Duration.ofSeconds(60));
    }

    /** As above, waiting up to {@code patience} for the cluster to converge and for each event. */
    public static Comparison compare(Config.Builder profile, int nodes, int clusters, Duration patience)
            throws Exception {
        Config config = profile.name("forecast").build();
        // Loopback: a tenth of a millisecond per hop, as the kernel and the event loop deliver it.
        Forecast f = Forecaster.run(ForecastRequest.of(config, nodes).withLatency(0.1, 0.1),
                new ForecastBudget(1_000, 1e7, Duration.ofMinutes(5)));
        List<Double> dead = new ArrayList<>();
        List<Double> left = new ArrayList<>();
        int seenDead = 0;
        for (int i = 0; i < clusters; i++) {
            LoopbackTimings.Trial t = LoopbackTimings.measure(profile, nodes, patience);
            dead.addAll(t.deadAfterS());
            left.addAll(t.leftAfterS());
            seenDead += t.leftSeenDead();
        }
        double probe = config.probeInterval().toNanos() / 1e9;
        double realCrash = percentile(dead, 0.5);
        double realLeave = percentile(left, 0.5);
        return new Comparison(nodes, clusters, f.crash().deadEverywhere().p50(), realCrash,
                f.crash().deadEverywhere().p99(), percentile(dead, 0.99), f.leave().left().p50(), realLeave,
                f.leave().left().p99(), percentile(left, 0.99), Math.max(0.3 * realCrash, probe),
                Math.max(0.3 * realLeave, probe), seenDead);
    }

    /** Nearest-rank percentile, as the simulator's {@code Distribution} computes it. */
    static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = Math.max(1, (int) Math.ceil(p * sorted.length));
        return sorted[rank - 1];
    }
}
