package io.memberlist.multihost;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Five hosts, each with its own private address, form one cluster, and everyone is known by that address. */
@Tag("multihost")
class ConvergenceMultiHostTest {
    private static final int HOSTS = 5;

    @BeforeEach
    void requireNamespaces() {
        Netns.requireAvailable();
    }

    @Test
    void fiveHostsConvergeAndAdvertiseTheirPrivateAddress() {
        try (NetnsBed bed = NetnsBed.start("convergence", "10.77.1", HOSTS);
             Cluster cluster = Cluster.start(bed)) {
            long start = System.nanoTime();
            await().atMost(Cluster.startupAllowance()).pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.nodes().stream().allMatch(n -> n.advertised() != null));
            long ready = System.nanoTime();
            // Joins start at once; a member a broadcast missed is learned at the next push/pull at the latest.
            Duration bound = Cluster.LAN.pushPullInterval().plus(Cluster.LAN.tcpTimeout());
            await().atMost(bound).pollInterval(Duration.ofMillis(50)).until(cluster::converged);
            long converged = System.nanoTime();
            System.out.printf("MULTIHOST convergence of %d nodes: %d ms after every JVM was ready (%d ms after "
                    + "launch; bound %s)%n", HOSTS, (converged - ready) / 1_000_000, (converged - start) / 1_000_000,
                    bound);

            for (ClusterNode node : cluster.nodes()) {
                // Bound to 0.0.0.0: the node chose its advertise address among its interfaces (lo and eth0).
                assertThat(node.advertised()).as("address %s advertises", node.name())
                        .isEqualTo(bed.address(node.host()) + ":" + Cluster.PORT);
                for (ClusterNode member : cluster.nodes()) {
                    ClusterNode.Member seen = node.view().get(member.name());
                    assertThat(seen.address()).as("%s as %s sees it", member.name(), node.name())
                            .isEqualTo(bed.address(member.host()) + ":" + Cluster.PORT);
                }
            }
            assertThat(cluster.deathsSince(0)).isEmpty();
        }
    }
}
