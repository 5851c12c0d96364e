package io.memberlist.multihost;

import io.memberlist.Config;
import io.memberlist.protocol.Timing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hosts {1,2} and {3,4,5} cut apart by nftables for 60 s: each side declares the other dead and carries on as
 * a cluster of its own; after healing, the seed rejoin merges them into one view again.
 */
@Tag("multihost")
class PartitionMultiHostTest {
    private static final List<Integer> SMALL_SIDE = List.of(1, 2);
    private static final List<Integer> LARGE_SIDE = List.of(3, 4, 5);
    private static final Duration PARTITION = Duration.ofSeconds(60);

    @BeforeEach
    void requireNamespaces() {
        Netns.requireAvailable();
    }

    @Test
    void eachSideDeclaresTheOtherDeadAndTheyMergeAfterHealing() {
        try (NetnsBed bed = NetnsBed.start("partition", "10.77.2", 5);
             Cluster cluster = Cluster.start(bed)) {
            await().atMost(Cluster.startupAllowance().plus(Cluster.LAN.pushPullInterval()))
                    .pollInterval(Duration.ofMillis(100)).until(cluster::converged);
            Faults faults = new Faults(bed);

            long cut = System.currentTimeMillis();
            faults.partition(SMALL_SIDE, LARGE_SIDE);
            await().atMost(detectionBound(Cluster.LAN, 5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> seesOnly(cluster, SMALL_SIDE) && seesOnly(cluster, LARGE_SIDE));
            long small = lastDeath(cluster, SMALL_SIDE, LARGE_SIDE, cut);
            long large = lastDeath(cluster, LARGE_SIDE, SMALL_SIDE, cut);
            // Nothing crosses while the cut lasts: neither side sees the other again before healing.
            Duration rest = Duration.ofMillis(Math.max(0, cut + PARTITION.toMillis() - System.currentTimeMillis()));
            await().during(rest).atMost(rest.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> seesOnly(cluster, SMALL_SIDE) && seesOnly(cluster, LARGE_SIDE));

            long healed = System.currentTimeMillis();
            faults.heal();
            Duration mergeBound = rejoinBound(Cluster.LAN);
            await().atMost(mergeBound).pollInterval(Duration.ofMillis(100)).until(cluster::converged);
            long merged = System.currentTimeMillis();

            System.out.printf("MULTIHOST partition {1,2}|{3,4,5}: {1,2} had declared all of {3,4,5} dead after "
                    + "%d ms, {3,4,5} all of {1,2} after %d ms (bound %s); one view %d ms after healing "
                    + "(rejoin interval %s, bound %s); suspicions raised %d%n", small - cut, large - cut,
                    detectionBound(Cluster.LAN, 5), merged - healed, Cluster.LAN.pushPullInterval(), mergeBound,
                    cluster.suspicions());
            assertThat(cluster.exited()).isEmpty();
        }
    }

    /**
     * A node probes its n-1 peers in turn, one per probe interval; a failed probe starts a suspicion, which in
     * the worst case (no confirmation) lasts suspicionMaxTimeoutMult × the suspicion timeout. Plus 10 s for
     * gossip and a busy machine.
     */
    static Duration detectionBound(Config c, int n) {
        long suspicion = Timing.suspicionTimeout(c.suspicionMult(), n, c.probeInterval().toNanos());
        return c.probeInterval().multipliedBy(n).plus(c.probeTimeout())
                .plusNanos(suspicion * c.suspicionMaxTimeoutMult()).plusSeconds(10);
    }

    /**
     * The next rejoin comes within one rejoin interval (the push/pull interval); a join still waiting on a
     * seed that was unreachable may delay it by its own timeout (2 × TCP timeout + 1 s, Memberlist.join), and
     * the merge itself is one push/pull. Plus 10 s for a busy machine.
     */
    static Duration rejoinBound(Config c) {
        return c.pushPullInterval().plus(c.tcpTimeout().multipliedBy(2)).plusSeconds(11);
    }

    /** Whether every node of {@code side} sees exactly {@code side}, all alive. */
    private static boolean seesOnly(Cluster cluster, List<Integer> side) {
        return side.stream().allMatch(k -> cluster.node(k).seesAlive(Cluster.names(side)));
    }

    /** When the last node of {@code observers} recorded the last of {@code others} dead. */
    private static long lastDeath(Cluster cluster, List<Integer> observers, List<Integer> others, long since) {
        long last = 0;
        for (int k : observers) {
            for (String other : Cluster.names(others)) {
                OptionalLong death = cluster.node(k).events().stream()
                        .filter(e -> e.epochMillis() >= since && other.equals(e.name()) && "DEAD".equals(e.state()))
                        .mapToLong(ClusterNode.Event::epochMillis).min();
                assertThat(death).as("%s declared %s dead", Cluster.name(k), other).isPresent();
                last = Math.max(last, death.getAsLong());
            }
        }
        return last;
    }
}
