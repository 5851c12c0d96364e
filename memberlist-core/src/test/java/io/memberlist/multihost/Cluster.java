package io.memberlist.multihost;

import io.memberlist.Config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@link NodeMain} nodes {@code n1..nN}, one per host of a {@link NetnsBed}, all on port 7946 and bound to
 * every interface; every node has all the others' addresses as seeds (as a headless Service would give) and
 * rejoins missing seeds every push/pull interval of the LAN profile.
 */
public final class Cluster implements AutoCloseable {
    public static final int PORT = 7946;
    /** The Config every node runs with; tests derive their bounds from it. */
    public static final Config LAN = Config.lan().name("bounds").build();

    private final NetnsBed bed;
    private final List<ClusterNode> nodes = new ArrayList<>();

    private Cluster(NetnsBed bed) {
        this.bed = bed;
    }

    /** Starts one node in each host of {@code bed}. */
    public static Cluster start(NetnsBed bed) {
        Cluster c = new Cluster(bed);
        List<String> all = IntStream.rangeClosed(1, bed.hosts()).mapToObj(k -> bed.address(k) + ":" + PORT).toList();
        for (int k = 1; k <= bed.hosts(); k++) {
            String self = bed.address(k) + ":" + PORT;
            List<String> seeds = all.stream().filter(s -> !s.equals(self)).toList();
            c.nodes.add(ClusterNode.start(bed, k, name(k), PORT, seeds, LAN.pushPullInterval()));
        }
        return c;
    }

    public static String name(int host) {
        return "n" + host;
    }

    public List<ClusterNode> nodes() {
        return nodes;
    }

    /** The node of host {@code k} (1-based). */
    public ClusterNode node(int k) {
        return nodes.get(k - 1);
    }

    public List<String> names() {
        return nodes.stream().map(ClusterNode::name).toList();
    }

    /** Names of the nodes of these hosts. */
    public static List<String> names(Collection<Integer> hosts) {
        return hosts.stream().map(Cluster::name).toList();
    }

    /** Whether every node lists every node, all ALIVE. */
    public boolean converged() {
        return nodes.stream().allMatch(n -> n.seesAlive(names()));
    }

    /** Every DEAD event any node recorded at or after {@code sinceEpochMillis}, as "observer: event". */
    public List<String> deathsSince(long sinceEpochMillis) {
        List<String> deaths = new ArrayList<>();
        for (ClusterNode n : nodes) {
            n.events().stream().filter(e -> e.epochMillis() >= sinceEpochMillis && "DEAD".equals(e.state()))
                    .forEach(e -> deaths.add(n.name() + ": " + e));
        }
        return deaths;
    }

    /** The sum over nodes of probe rounds that ended in a suspicion. */
    public long suspicions() {
        return nodes.stream().mapToLong(ClusterNode::suspicions).sum();
    }

    /** Nodes that exited; a test should find none. */
    public List<String> exited() {
        return nodes.stream().filter(n -> !n.isRunning()).map(ClusterNode::name).toList();
    }

    public NetnsBed bed() {
        return bed;
    }

    /**
     * How long the node JVMs may take to start and print READY. Not a protocol bound: one node JVM needs about
     * 1.2 CPU-seconds to start, and the multi-host classes start some 20 at once on a machine that may be busy.
     */
    public static Duration startupAllowance() {
        return Duration.ofSeconds(180);
    }

    @Override
    public void close() {
        nodes.forEach(ClusterNode::close);
    }
}
