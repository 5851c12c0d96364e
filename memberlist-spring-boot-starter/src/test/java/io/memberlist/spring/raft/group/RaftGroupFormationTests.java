package io.memberlist.spring.raft.group;

import io.memberlist.spring.raft.group.RaftTestCluster.Member;
import io.memberlist.spring.raft.actuate.RaftProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The group forms from gossip: real memberlist nodes and real Ratis servers on loopback. Bounds derive from
 * the test cluster's timeouts: membership converges within seconds, the settle time is 500 ms, an election
 * takes one or two election timeouts; each bound leaves room for a machine shared by several builds.
 */
class RaftGroupFormationTests {
    /** Convergence + settle + a few elections (2 s election-timeout-max each) on busy cores. */
    static final Duration FORMATION = Duration.ofSeconds(30);

    @TempDir
    Path storage;
    RaftTestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeOfFourRaftMembersBecomeVotersAndEveryNodeAgrees() throws IOException {
        cluster = new RaftTestCluster(storage, 3, Duration.ofMinutes(1));
        for (String name : List.of("node-d", "node-b", "node-a", "node-c")) {
            cluster.start(name);
        }

        List<String> firstThree = List.of("node-a", "node-b", "node-c");
        // A standby holds no configuration (the leader replicates to voters only), so only voters report one.
        await().atMost(FORMATION).until(() -> cluster.leader() != null && firstThree.stream()
                .allMatch(n -> cluster.get(n).node.status().voters().equals(firstThree))
                && cluster.get("node-d").node.status().role() == RaftRole.STANDBY);

        assertThat(cluster.get("node-d").node.status().voters()).isEmpty();
        // The actuator's progress of a standby is empty, not an exception (Ratis: "log is uninitialized") that
        // made /actuator/memberlist answer 500 on standbys.
        assertThat(RaftProgress.of(cluster.get("node-d").node)).isEmpty();
        assertThat(RaftProgress.of(cluster.get("node-a").node)).isPresent();
        assertThat(cluster.running()).allSatisfy(m -> assertThat(m.node.groupId())
                .isEqualTo(cluster.get("node-a").node.groupId()));
        assertThat(RaftTestCluster.increment(cluster.get("node-d"))).isEqualTo(1);
        // Each voter bootstrapped the same configuration, or found it on a voter that had and took its seat.
        assertThat(firstThree).allSatisfy(n -> assertThat(cluster.get(n).node.joined())
                .isIn(RaftGroupNode.Joined.BOOTSTRAPPED, RaftGroupNode.Joined.ADDED));
        assertThat(firstThree).anySatisfy(n -> assertThat(cluster.get(n).node.joined())
                .isEqualTo(RaftGroupNode.Joined.BOOTSTRAPPED));
        assertThat(cluster.get("node-d").node.joined()).isEqualTo(RaftGroupNode.Joined.ADDED);
    }

    @Test
    void aSingleVoterGroupFormsAlone() throws IOException {
        cluster = new RaftTestCluster(storage, 1, Duration.ofMinutes(1));
        Member only = cluster.start("solo");

        await().atMost(FORMATION).until(() -> only.node.status().isLeader());

        assertThat(RaftTestCluster.increment(only)).isEqualTo(1);
    }
}
