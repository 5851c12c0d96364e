package io.memberlist.spring.raft.group;

import io.memberlist.spring.raft.group.RaftTestCluster.Member;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Three voters, no standby: with two of them stopped the third cannot commit; restarted from their storage they
 * rejoin the group they had (never bootstrapping a new one) and writes commit again.
 */
class RestartAndMinorityTests {
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
    void aMinorityCannotCommitAndVotersRestartedFromStorageRejoinWithoutBootstrapping() throws IOException {
        List<String> voters = List.of("node-a", "node-b", "node-c");
        cluster = new RaftTestCluster(storage, 3, Duration.ofMinutes(5));
        voters.forEach(cluster::start);
        await().atMost(RaftGroupFormationTests.FORMATION).until(() -> cluster.leader() != null);
        assertThat(RaftTestCluster.increment(cluster.get("node-a"))).isEqualTo(1);

        Member survivor = cluster.get("node-c");
        cluster.kill("node-a");
        cluster.kill("node-b");
        long before = survivor.counter.count();
        try (RaftClient client = survivor.node.clientBuilder().setLeaderId(RaftPeerId.valueOf("node-c"))
                .setRetryPolicy(RetryPolicies.noRetry()).build()) {
            assertThatThrownBy(() -> client.io().send(Message.valueOf("inc")))
                    .as("one voter of three has no majority").isInstanceOf(IOException.class);
        }
        assertThat(survivor.counter.count()).as("nothing applied without a majority").isEqualTo(before);

        Member a = cluster.start("node-a");
        Member b = cluster.start("node-b");

        assertThat(a.node.joined()).isEqualTo(RaftGroupNode.Joined.FROM_STORAGE);
        assertThat(b.node.joined()).isEqualTo(RaftGroupNode.Joined.FROM_STORAGE);
        await().atMost(RaftGroupFormationTests.FORMATION).until(() -> cluster.leader() != null);
        long committed = RaftTestCluster.increment(survivor);
        assertThat(committed).isGreaterThanOrEqualTo(2);
        await().atMost(RaftGroupFormationTests.FORMATION).untilAsserted(() -> assertThat(
                cluster.running().stream().map(m -> m.counter.count()).toList()).containsOnly(committed));
        assertThat(cluster.running()).allSatisfy(m -> assertThat(m.node.status().voters()).isEqualTo(voters));
    }
}
