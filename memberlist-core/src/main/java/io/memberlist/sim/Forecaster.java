package io.memberlist.sim;

import io.memberlist.Config;
import io.memberlist.protocol.Timing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Computes a {@link Forecast} by running the simulator (the production {@code SwimMachine}, no model of
 * it) on the requested configuration, size and network:
 * <ul>
 *   <li>a join, crashes and graceful leaves, each in its own run from a converged cluster, the event at
 *       {@link Scenario#EVENT_AT_S}; a run stops as soon as every member has seen its event, or at the
 *       horizon (see {@link #plan});</li>
 *   <li>small clusters repeat crash and leave with other victims until about a hundred (member, event)
 *       times are pooled, so their percentiles mean something;</li>
 *   <li>one steady run for traffic and false alarms, long enough for about five member-hours (at least
 *       30 s, at most 300 s of simulated time). Push/pull timers start staggered over their interval, so
 *       the mean traffic over a window shorter than the push/pull interval is still unbiased.</li>
 * </ul>
 * Deterministic: every run is seeded from the request. Stateless; see {@link ForecastService} for caching
 * and one-at-a-time use.
 */
public final class Forecaster {
    private static final long S = 1_000_000_000L;
    private static final long STEP = S / 4;
    private static final int POOLED_SAMPLES = 100;
    private static final int MAX_TRIALS = 5;

    private Forecaster() {
    }

    /**
     * What a request will simulate, priced before running.
     *
     * @param horizonS     how long after its event a run may last: three probe intervals (for the first
     *                     probe of a crashed member), the probe timeout, Lifeguard's longest suspicion
     *                     timeout for this size, and five seconds of gossip
     * @param steadyS      length of the steady run
     * @param trials       crashes (and leaves) simulated
     * @param nodeSeconds  worst-case price: members × simulated seconds over all runs
     */
    public record Plan(double horizonS, double steadyS, int trials, double nodeSeconds) {
    }

    public static Plan plan(ForecastRequest r) {
        Config c = r.config();
        int n = r.nodes();
        long probe = c.probeInterval().toNanos();
        long suspicionMax = Timing.suspicionTimeout(c.suspicionMult(), n, probe) * c.suspicionMaxTimeoutMult();
        double horizon = (3 * probe + c.probeTimeout().toNanos() + suspicionMax) / 1e9 + 5;
        double steady = Math.max(30, Math.min(300, 18_000.0 / n));
        int trials = (int) Math.max(1, Math.min(MAX_TRIALS, Math.ceil(POOLED_SAMPLES / (double) (n - 1))));
        double eventRun = Scenario.EVENT_AT_S + horizon;
        double nodeSeconds = (n + 1) * eventRun + 2.0 * trials * n * eventRun + n * steady;
        return new Plan(horizon, steady, trials, nodeSeconds);
    }

    /** Runs the forecast, or throws {@link ForecastBudgetExceededException} when it would cost too much. */
    public static Forecast run(ForecastRequest r, ForecastBudget budget) {
        Plan plan = plan(r);
        if (r.nodes() > budget.maxNodes()) {
            throw new ForecastBudgetExceededException(String.format(Locale.ROOT,
                    "a forecast of %d nodes exceeds the budget of %d nodes", r.nodes(), budget.maxNodes()), budget);
        }
        if (plan.nodeSeconds() > budget.maxNodeSeconds()) {
            throw new ForecastBudgetExceededException(String.format(Locale.ROOT,
                    "a forecast of %d nodes may simulate %.0f node-seconds (horizon %.0f s after each event), "
                            + "over the budget of %.0f; ask for fewer nodes or a shorter suspicion timeout",
                    r.nodes(), plan.nodeSeconds(), plan.horizonS(), budget.maxNodeSeconds()), budget);
        }
        Wall wall = new Wall(budget);
        Config config = r.simulatedConfig();
        Totals totals = new Totals();

        EventRun join = event(config, r, Scenario.JOIN, r.seed(), plan, wall, totals);
        List<EventRun> crashes = new ArrayList<>();
        List<EventRun> leaves = new ArrayList<>();
        for (int i = 0; i < plan.trials(); i++) {
            crashes.add(event(config, r, Scenario.CRASH, r.seed() + i, plan, wall, totals));
            leaves.add(event(config, r, Scenario.LEAVE, r.seed() + i, plan, wall, totals));
        }
        Forecast.Crash crash = crash(crashes);
        Forecast.Leave leave = leave(leaves);
        Steady steady = steady(config, r, plan, wall, totals);
        return new Forecast(r.nodes(), r.seed(), pooled(List.of(join.reached)), crash, leave, steady.traffic,
                steady.falseAlarms, new Forecast.Cost(totals.nodeSeconds, totals.events, wall.elapsedSeconds()));
    }

    private record EventRun(Measurements.Sample reached, Measurements.Sample seenDead, Double firstSuspectS) {
    }

    private record Steady(Forecast.Traffic traffic, Forecast.FalseAlarms falseAlarms) {
    }

    private static final class Totals {
        double nodeSeconds;
        long events;

        void add(Simulation sim, long endNanos) {
            nodeSeconds += sim.nodes().size() * (endNanos / 1e9);
            events += sim.eventsRun();
        }
    }

    private static final class Wall {
        private final long start = System.nanoTime();
        private final ForecastBudget budget;

        Wall(ForecastBudget budget) {
            this.budget = budget;
        }

        void check() {
            if (System.nanoTime() - start > budget.maxWall().toNanos()) {
                throw new ForecastBudgetExceededException(String.format(Locale.ROOT,
                        "the forecast ran out of its %d s of wall time; the machine is busy or the request too "
                                + "large", budget.maxWall().toSeconds()), budget);
            }
        }

        double elapsedSeconds() {
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static EventRun event(Config config, ForecastRequest r, Scenario s, long seed, Plan plan, Wall wall,
                                  Totals totals) {
        SimulationOptions o = options(r, s, seed, Scenario.EVENT_AT_S + plan.horizonS());
        Simulation sim = new Simulation(config, faults(r), seed);
        Measurements m = new Measurements(sim);
        sim.observe(m);
        sim.addConverged(r.nodes());
        Scenario.slowDown(sim, o);
        s.arrange(sim, o, m);
        long end = (long) (o.durationS() * S);
        long t = (long) (Scenario.EVENT_AT_S * S);
        sim.runUntil(t);
        while (t < end && !seenByAll(s, m)) {
            t = Math.min(end, t + STEP);
            sim.runUntil(t);
            wall.check();
        }
        totals.add(sim, t);
        return switch (s) {
            case JOIN -> new EventRun(m.joinedSample(), null, null);
            case CRASH -> new EventRun(m.deadSample(), null, m.firstSuspect());
            default -> new EventRun(m.leftSample(), m.deadSample(), null);
        };
    }

    private static boolean seenByAll(Scenario s, Measurements m) {
        return switch (s) {
            case JOIN -> complete(m.joinedSample(), 0);
            case CRASH -> complete(m.deadSample(), 0);
            default -> complete(m.leftSample(), m.deadSample().reachedNanos().length);
        };
    }

    private static boolean complete(Measurements.Sample sample, int alsoReached) {
        return sample.reachedNanos().length + alsoReached >= sample.expected();
    }

    private static Steady steady(Config config, ForecastRequest r, Plan plan, Wall wall, Totals totals) {
        Simulation sim = new Simulation(config, faults(r), r.seed());
        Measurements m = new Measurements(sim);
        sim.observe(m);
        sim.addConverged(r.nodes());
        Scenario.slowDown(sim, options(r, Scenario.STEADY, r.seed(), plan.steadyS()));
        long end = (long) (plan.steadyS() * S);
        for (long t = 0; t < end; ) {
            t = Math.min(end, t + S);
            sim.runUntil(t);
            wall.check();
        }
        totals.add(sim, end);
        long bytes = 0;
        long packets = 0;
        for (SimNode n : sim.nodes()) {
            bytes += n.bytesSent;
            packets += n.packetsSent;
        }
        double nodeSeconds = r.nodes() * plan.steadyS();
        double nodeHours = nodeSeconds / 3600;
        return new Steady(new Forecast.Traffic(bytes / nodeSeconds, packets / nodeSeconds),
                new Forecast.FalseAlarms(m.falseSuspects() / nodeHours, m.falseDeads() / nodeHours,
                        m.falseSuspects(), m.falseDeads(), nodeHours));
    }

    private static Forecast.Crash crash(List<EventRun> runs) {
        long[] first = runs.stream().filter(e -> e.firstSuspectS != null)
                .mapToLong(e -> Math.round(e.firstSuspectS * 1e9)).toArray();
        List<Measurements.Sample> dead = runs.stream().map(EventRun::reached).toList();
        return new Forecast.Crash(Distribution.of(first, runs.size()), pooled(dead), seconds(dead), runs.size());
    }

    private static Forecast.Leave leave(List<EventRun> runs) {
        List<Measurements.Sample> left = runs.stream().map(EventRun::reached).toList();
        long seenDead = runs.stream().mapToLong(e -> e.seenDead.reachedNanos().length).sum();
        return new Forecast.Leave(pooled(left), seenDead, seconds(left), runs.size());
    }

    private static Distribution pooled(List<Measurements.Sample> samples) {
        return Distribution.of(concat(samples), samples.stream().mapToInt(Measurements.Sample::expected).sum());
    }

    private static List<Double> seconds(List<Measurements.Sample> samples) {
        long[] all = concat(samples);
        Arrays.sort(all);
        List<Double> out = new ArrayList<>(all.length);
        for (long v : all) {
            out.add(v / 1e9);
        }
        return List.copyOf(out);
    }

    private static long[] concat(List<Measurements.Sample> samples) {
        return samples.stream().flatMapToLong(s -> Arrays.stream(s.reachedNanos())).toArray();
    }

    private static SimulationOptions options(ForecastRequest r, Scenario s, long seed, double durationS) {
        ForecastRequest.Conditions c = r.conditions();
        return new SimulationOptions(r.nodes(), "lan", s, c.loss(), c.latencyMs(), c.jitterMs(), c.slowNodes(),
                c.slowDelayMs(), durationS, seed, r.config().awarenessEnabled(), 20, false,
                r.config().enableCompression(), !r.config().secretKeys().isEmpty());
    }

    private static FaultPlan faults(ForecastRequest r) {
        ForecastRequest.Conditions c = r.conditions();
        return new FaultPlan().latency((long) (c.latencyMs() * 1e6), (long) (c.jitterMs() * 1e6)).loss(c.loss());
    }
}
