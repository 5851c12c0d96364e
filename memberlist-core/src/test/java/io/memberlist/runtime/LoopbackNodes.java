package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.delegate.EventDelegate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Real memberlist nodes on loopback for one test, each watched through its {@link EventDelegate} so a
 * test can tell dead from left, and all shut down by {@link #close()}. Waits poll with a deadline; nothing
 * sleeps a fixed time.
 */
final class LoopbackNodes implements AutoCloseable {
    /** Probe interval of {@link #fast()}; every timing bound in the tests derives from it. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

    private final List<Memberlist> nodes = new ArrayList<>();
    /** subject → observer → the last state the observer was told on leave (DEAD or LEFT). */
    private final Map<String, Map<String, NodeState>> departures = new ConcurrentHashMap<>();

    /**
     * {@code Config.local()} five times faster, so a test class runs in seconds: probes every 200 ms with a
     * 100 ms timeout, gossip every 50 ms, push/pull every 5 s. Broadcasts are retransmitted as on a LAN
     * ({@code retransmitMult} 4, not local's 2), so a leave reaches every node by gossip alone rather than,
     * now and then, only at the next push/pull. Binds 127.0.0.1 on an ephemeral port.
     */
    static Config.Builder fast() {
        return Config.local()
                .bindAddress("127.0.0.1")
                .bindPort(0)
                .retransmitMult(4)
                .probeInterval(PROBE_INTERVAL)
                .probeTimeout(Duration.ofMillis(100))
                .gossipInterval(Duration.ofMillis(50))
                .pushPullInterval(Duration.ofSeconds(5));
    }

    /** Starts a node from {@code builder}, named {@code name}, watched by this instance. */
    Memberlist start(Config.Builder builder, String name) {
        Memberlist m = Memberlist.create(builder.name(name).events(new Watch(name)).build());
        nodes.add(m);
        return m;
    }

    /** Starts {@code count} nodes named {@code prefix0..}, joins each through the first, returns them all. */
    List<Memberlist> startCluster(Config.Builder builder, String prefix, int count) {
        List<Memberlist> cluster = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cluster.add(start(builder, prefix + i));
        }
        for (Memberlist m : cluster.subList(1, count)) {
            m.join(List.of(seed(cluster.get(0))));
        }
        return cluster;
    }

    static String seed(Memberlist m) {
        return "127.0.0.1:" + m.localNode().port();
    }

    /** What {@code observer} was last told about {@code subject} leaving: DEAD, LEFT, or null. */
    NodeState departure(Memberlist observer, Memberlist subject) {
        return departures.getOrDefault(subject.localNode().name(), Map.of()).get(observer.localNode().name());
    }

    /** Waits until every node in {@code cluster} lists exactly the names of {@code cluster}. */
    static void awaitConverged(List<Memberlist> cluster, Duration timeout) throws InterruptedException {
        List<String> names = cluster.stream().map(m -> m.localNode().name()).sorted().toList();
        awaitTrue(() -> cluster.stream().allMatch(m -> names(m).equals(names)), timeout,
                () -> "every node lists " + names + "; views: " + views(cluster));
    }

    static List<String> names(Memberlist m) {
        return m.members().stream().map(Node::name).sorted().toList();
    }

    static String views(List<Memberlist> cluster) {
        return cluster.stream().map(m -> m.localNode().name() + "=" + m.numMembers())
                .collect(Collectors.joining(", "));
    }

    /** Polls {@code condition} every 10 ms; fails with {@code what} when it is still false after {@code timeout}. */
    static void awaitTrue(BooleanSupplier condition, Duration timeout, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not true within " + timeout + ": " + what.get());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        for (Memberlist m : nodes) {
            try {
                m.shutdown();
            } catch (RuntimeException e) {
                // Keep closing the others; a failed shutdown must not leak the rest.
            }
        }
    }

    private final class Watch implements EventDelegate {
        private final String observer;

        Watch(String observer) {
            this.observer = observer;
        }

        @Override
        public void notifyLeave(Node node) {
            departures.computeIfAbsent(node.name(), k -> new ConcurrentHashMap<>()).put(observer, node.state());
        }
    }
}
