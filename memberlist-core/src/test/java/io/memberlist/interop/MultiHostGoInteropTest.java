package io.memberlist.interop;

import io.memberlist.multihost.Cluster;
import io.memberlist.multihost.ClusterNode;
import io.memberlist.multihost.Netns;
import io.memberlist.multihost.NetnsBed;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Go memberlist node on a host of its own, bound to every interface: Go then advertises the private IP it
 * finds (sockaddr.GetPrivateIP, net_transport.go FinalAdvertiseAddr) in its 16-byte IPv4-mapped form. Two JVM
 * nodes on two other hosts must take that form as the IPv4 address it is and reach the Go node at it, and the
 * Go node must see them at their own private addresses.
 */
@Tag("multihost")
@Tag("interop")
class MultiHostGoInteropTest {
    private static final int PORT = 7946;
    private static final io.memberlist.Config LAN = io.memberlist.Config.lan().name("bounds").build();

    @BeforeEach
    void requireNamespacesAndGo() {
        Netns.requireAvailable();
        GoToolchain.assumeAvailable();
    }

    @Test
    void goNodeAdvertisingAnIpv4MappedAddressAndJavaNodesSeeEachOther() {
        GoToolchain.peerBinary();
        try (NetnsBed bed = NetnsBed.start("go-interop", "10.77.5", 3);
             ClusterNode n1 = ClusterNode.start(bed, 1, "n1", PORT, List.of(bed.address(2) + ":" + PORT),
                     LAN.pushPullInterval());
             ClusterNode n2 = ClusterNode.start(bed, 2, "n2", PORT, List.of(bed.address(1) + ":" + PORT),
                     LAN.pushPullInterval());
             GoPeer go = GoPeer.builder("go").bind("0.0.0.0").port(PORT).profile("lan")
                     .launcher(c -> bed.command(3, c)).start()) {
            assertThat(go.ready()).containsEntry("addr", bed.address(3)).containsEntry("addrBytes", 16L);
            await().atMost(Cluster.startupAllowance()).until(() -> n1.advertised() != null && n2.advertised() != null);
            // A JVM that just printed READY may still be too slow to answer within Go's TCP timeout: retry.
            await().atMost(Cluster.startupAllowance()).ignoreExceptions()
                    .until(() -> go.join(bed.address(1) + ":" + PORT) == 1);

            List<String> all = List.of("n1", "n2", "go");
            Duration bound = LAN.pushPullInterval().plus(LAN.tcpTimeout());
            await().atMost(bound).pollInterval(Duration.ofMillis(100))
                    .until(() -> n1.seesAlive(all) && n2.seesAlive(all));
            go.awaitLiveMembers(3, bound);
            for (ClusterNode java : List.of(n1, n2)) {
                assertThat(java.view().get("go")).as("the Go node as %s sees it", java.name())
                        .isEqualTo(new ClusterNode.Member("ALIVE", bed.address(3) + ":" + PORT, 16));
                Map<String, Object> seen = go.member(java.name()).orElseThrow();
                assertThat(seen).as("%s as the Go node sees it", java.name())
                        .containsEntry("addr", bed.address(java.host())).containsEntry("state", "alive");
            }
            // Java really reaches the mapped address: after every node probed every other a few times, the Go
            // node is still alive in both views and nobody was declared dead.
            Duration probes = LAN.probeInterval().multipliedBy(3 * 3);
            await().during(probes).atMost(probes.plusSeconds(5))
                    .until(() -> n1.seesAlive(all) && n2.seesAlive(all));
            assertThat(n1.events()).noneMatch(e -> "DEAD".equals(e.state()));
            assertThat(n2.events()).noneMatch(e -> "DEAD".equals(e.state()));
        }
    }
}
