package io.memberlist.spring.raft.group;

import io.memberlist.spring.raft.group.RaftTestCluster.Member;
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
 * A voter that crashes is replaced after {@code dead-voter-grace}; a voter that closes gracefully hands its seat
 * over at once. Four raft members, three voters: node-d is the standby that takes a seat.
 */
class SeatReplacementTests {
    /** Failure detection (a few probe intervals of 200 ms plus suspicion) + grace + a configuration change. */
    static final Duration REPLACED = Duration.ofSeconds(30);

    @TempDir
    Path storage;
    RaftTestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void form(Duration grace) throws IOException {
        cluster = new RaftTestCluster(storage, 3, grace);
        for (String name : List.of("node-a", "node-b", "node-c", "node-d")) {
            cluster.start(name);
        }
        await().atMost(RaftGroupFormationTests.FORMATION).until(() -> cluster.leader() != null
                && cluster.leader().node.status().voters().equals(List.of("node-a", "node-b", "node-c")));
        assertThat(RaftTestCluster.increment(cluster.get("node-d"))).isEqualTo(1);
    }

    @Test
    void aCrashedVoterIsReplacedAfterTheGraceAndWritesContinue() throws IOException {
        Duration grace = Duration.ofSeconds(3);
        form(grace);
        String victim = cluster.leader().name.equals("node-b") ? "node-c" : "node-b";

        long killed = System.nanoTime();
        cluster.kill(victim);
        List<String> expected = List.of("node-a", "node-b", "node-c", "node-d").stream()
                .filter(n -> !n.equals(victim)).toList();
        await().atMost(REPLACED).until(() -> cluster.leader() != null
                && cluster.leader().node.status().voters().equals(expected));

        assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("replaced only after the grace").isGreaterThan(grace);
        Member standby = cluster.get("node-d");
        await().atMost(REPLACED).until(() -> standby.node.status().voters().equals(expected));
        assertThat(RaftTestCluster.increment(standby)).isEqualTo(2);
    }

    @Test
    void aLeaderClosingGracefullyHandsItsSeatOverWithoutWaitingForTheGrace() throws IOException {
        Duration grace = Duration.ofMinutes(5); // far longer than the test: only a handover can free the seat
        form(grace);
        Member leader = cluster.leader();
        List<String> expected = List.of("node-a", "node-b", "node-c", "node-d").stream()
                .filter(n -> !n.equals(leader.name)).toList();

        cluster.closeGracefully(leader.name);

        await().atMost(REPLACED).until(() -> cluster.leader() != null
                && cluster.leader().node.status().voters().equals(expected));
        assertThat(RaftTestCluster.increment(cluster.get("node-d"))).isEqualTo(2);
    }
}
