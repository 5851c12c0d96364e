package io.memberlist.bench;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.MemberlistException;
import io.memberlist.delegate.EventDelegate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Crash detection and leave propagation measured on a real cluster: N memberlist nodes on loopback in
 * this JVM, joined through one seed. One node is shut down without a word (crash), and the time until each
 * other node's {@link EventDelegate} is told it is {@code DEAD} is recorded; then another leaves, and the
 * time until each is told {@code LEFT}. Times are seconds from the shutdown / leave call, as an
 * application sees them. The counterpart of a forecast with the same {@code Config} and size.
 */
public final class LoopbackTimings {
    private final Departures departures = new Departures();
    private final Map<String, Map<String, Long>> dead = departures.dead;
    private final Map<String, Map<String, Long>> left = departures.left;

    /**
     * Per observer times of one crash and one leave in one cluster.
     *
     * @param leftSeenDead members that missed the leave and were told the leaver is dead instead
     */
    public record Trial(List<Double> deadAfterS, List<Double> leftAfterS, int leftSeenDead) {
    }

    private LoopbackTimings() {
    }

    /**
     * Starts {@code nodes} nodes from {@code profile} (its name, port and event delegate are set here),
     * crashes one, then makes another leave. Fails when the cluster does not converge or an event does not
     * reach every other node within {@code patience}.
     */
    public static Trial measure(Config.Builder profile, int nodes, Duration patience) throws Exception {
        return new LoopbackTimings().run(profile, nodes, patience);
    }

    private Trial run(Config.Builder profile, int n, Duration patience) throws Exception {
        List<Memberlist> cluster = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String name = String.format(Locale.ROOT, "real-%03d", i);
                cluster.add(Memberlist.create(profile.name(name).bindAddress("127.0.0.1").bindPort(0)
                        .events(departures.observer(name)).build()));
            }
            String seed = "127.0.0.1:" + cluster.get(0).localNode().port();
            for (Memberlist m : cluster.subList(1, n)) {
                join(m, seed);
            }
            await(() -> cluster.stream().allMatch(m -> m.numMembers() == n), patience, "convergence");
            // The join gossip dies down within a few gossip rounds; events then start from a calm cluster.
            Thread.sleep(profile.build().probeInterval().toMillis() * 5);

            Memberlist victim = cluster.get(n / 2);
            List<Memberlist> others = cluster.stream().filter(m -> m != victim).toList();
            // Only what follows the event counts: on a busy machine a member may have been (falsely) declared
            // dead while the cluster formed.
            dead.remove(victim.localNode().name());
            long crashAt = System.nanoTime();
            victim.shutdown();
            await(() -> seenByAll(dead, victim, others), patience, "crash detection");
            List<Double> deadAfter = after(dead, victim, others, crashAt);

            Memberlist leaver = cluster.get(n - 1);
            List<Memberlist> rest = others.stream().filter(m -> m != leaver).toList();
            left.remove(leaver.localNode().name());
            dead.remove(leaver.localNode().name());
            long leaveAt = System.nanoTime();
            // As in the simulator: the leaver shuts down once its leave was broadcast; a member the leave
            // missed finds it dead instead.
            leaver.leaveAsync().whenComplete((ok, failed) -> leaver.shutdown());
            await(() -> rest.stream().allMatch(m -> told(left, leaver, m) || told(dead, leaver, m)), patience,
                    "leave propagation");
            List<Memberlist> toldLeft = rest.stream().filter(m -> told(left, leaver, m)).toList();
            return new Trial(deadAfter, after(left, leaver, toldLeft, leaveAt), rest.size() - toldLeft.size());
        } finally {
            cluster.forEach(Memberlist::shutdown);
        }
    }

    /** One at a time, and again after a timeout: a busy machine can be slow to answer a cold node. */
    private static void join(Memberlist m, String seed) {
        for (int attempt = 1; ; attempt++) {
            try {
                m.join(List.of(seed));
                return;
            } catch (MemberlistException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static boolean told(Map<String, Map<String, Long>> seen, Memberlist subject, Memberlist observer) {
        return seen.getOrDefault(subject.localNode().name(), Map.of()).containsKey(observer.localNode().name());
    }

    private static boolean seenByAll(Map<String, Map<String, Long>> seen, Memberlist subject, List<Memberlist> by) {
        Map<String, Long> s = seen.getOrDefault(subject.localNode().name(), Map.of());
        return by.stream().allMatch(m -> s.containsKey(m.localNode().name()));
    }

    private static List<Double> after(Map<String, Map<String, Long>> seen, Memberlist subject, List<Memberlist> by,
                                      long since) {
        Map<String, Long> s = seen.get(subject.localNode().name());
        return by.stream().map(m -> (s.get(m.localNode().name()) - since) / 1e9).sorted().toList();
    }

    private static void await(java.util.function.BooleanSupplier done, Duration patience, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " did not complete within " + patience);
            }
            Thread.sleep(5);
        }
    }
}
