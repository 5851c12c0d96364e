package io.memberlist.spring.raft.statemachine;

import io.memberlist.spring.raft.QueryResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.memberlist.spring.raft.statemachine.RatisTestCluster.MACHINE;
import static io.memberlist.spring.raft.statemachine.RegisterMachine.text;
import static io.memberlist.spring.raft.statemachine.RegisterMachine.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Commands through real Ratis servers: results, failures the caller can read, and identical state everywhere. */
class CommandsTest {

    @TempDir
    static Path dir;
    static RatisTestCluster cluster;
    static RatisRaftOperations raft;
    static org.apache.ratis.client.RaftClient reader;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RatisTestCluster(dir, 3);
        cluster.awaitLeader();
        raft = cluster.operations(RatisRaftOperations.Settings.defaults());
        reader = cluster.newClient();
    }

    @AfterAll
    static void stop() throws Exception {
        raft.close();
        cluster.close();
    }

    static byte[] command(String machine, String command) throws Exception {
        return raft.command(machine, utf8(command)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aCommandReturnsTheMachinesResultAndAQuerySeesIt() throws Exception {
        command(MACHINE, "a=1");
        assertThat(text(command(MACHINE, "a=2"))).isEqualTo("1");
        long seen = raft.highestSeenIndex();
        QueryResult result = raft.query(MACHINE, utf8("a")).get(30, TimeUnit.SECONDS);
        assertThat(text(result.payload())).isEqualTo("2");
        assertThat(result.index()).isGreaterThanOrEqualTo(seen);
        QueryResult linearizable = raft.linearizableQuery(MACHINE, utf8("a")).get(30, TimeUnit.SECONDS);
        assertThat(text(linearizable.payload())).isEqualTo("2");
        assertThat(linearizable.index()).isGreaterThanOrEqualTo(seen);
    }

    @Test
    void anUnknownMachineFailsWithItsNameAndTheHostedOnes() {
        assertThatThrownBy(() -> command("nope", "a=1"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RaftOperationException.class)
                .hasMessageContaining("command to machine 'nope' failed")
                .hasMessageContaining("no replicated state machine named 'nope' (hosted: [reg])");
        assertThatThrownBy(() -> raft.query("nope", utf8("a")).get(30, TimeUnit.SECONDS))
                .cause().isInstanceOf(RaftOperationException.class)
                .hasMessageContaining("no replicated state machine named 'nope'");
    }

    @Test
    void aThrowingMachineFailsTheCommandButNotTheLogAndEveryServerAgrees() throws Exception {
        long priorIndex = raft.linearizableQuery(MACHINE, utf8("failures")).get(30, TimeUnit.SECONDS).index();
        java.util.Map<RaftPeerId, Long> failedBefore = new java.util.HashMap<>();
        for (RaftPeer peer : cluster.peers()) {
            await().atMost(RatisTestCluster.AWAIT).until(
                    () -> cluster.host(peer.getId()).getLastAppliedTermIndex().getIndex() >= priorIndex);
            failedBefore.put(peer.getId(), cluster.host(peer.getId()).failedCommands());
        }
        assertThatThrownBy(() -> command(MACHINE, "fail:disk full"))
                .cause().isInstanceOf(RaftOperationException.class)
                .hasMessageContaining("command to machine 'reg' failed")
                .hasMessageContaining("machine 'reg' failed: java.lang.IllegalStateException: disk full");
        long failedAt = raft.highestSeenIndex();
        assertThat(failedAt).as("a failed command still has a log index").isPositive();

        command(MACHINE, "after=ok");
        assertThat(text(raft.linearizableQuery(MACHINE, utf8("after")).get(30, TimeUnit.SECONDS).payload()))
                .isEqualTo("ok");
        for (RaftPeer peer : cluster.peers()) {
            await().atMost(RatisTestCluster.AWAIT).untilAsserted(() -> {
                assertThat(cluster.host(peer.getId()).getLastAppliedTermIndex().getIndex())
                        .isGreaterThan(failedAt);
                assertThat(cluster.host(peer.getId()).failedCommands()).isEqualTo(failedBefore.get(peer.getId()) + 1);
            });
            assertThat(text(readFrom(peer.getId(), "failures"))).isEqualTo("1");
            assertThat(text(readFrom(peer.getId(), "after"))).isEqualTo("ok");
        }
    }

    @Test
    void commitTimeIsTheLeadersStampTheSameOnEveryServer() throws Exception {
        long before = System.currentTimeMillis();
        command(MACHINE, "time");
        long after = System.currentTimeMillis();
        long seen = raft.highestSeenIndex();
        String leaderTime = null;
        for (RaftPeer peer : cluster.peers()) {
            await().atMost(RatisTestCluster.AWAIT).until(
                    () -> cluster.host(peer.getId()).getLastAppliedTermIndex().getIndex() >= seen);
            String time = text(readFrom(peer.getId(), "time"));
            assertThat(Long.parseLong(time)).isBetween(before, after);
            if (leaderTime == null) {
                leaderTime = time;
            }
            assertThat(time).isEqualTo(leaderTime);
        }
    }

    @Test
    void aCommandWithoutAMajorityFailsSayingSo(@TempDir Path own) throws Exception {
        try (RatisTestCluster small = new RatisTestCluster(own, 3)) {
            RaftPeerId leader = small.awaitLeader();
            for (RaftPeer peer : small.peers()) {
                if (!peer.getId().equals(leader)) {
                    small.stop(peer.getId());
                }
            }
            Duration timeout = Duration.ofSeconds(3);
            try (RatisRaftOperations lonely = small.operations(
                    RatisRaftOperations.Settings.defaults().withCommandTimeout(timeout))) {
                assertThatThrownBy(() -> lonely.command(MACHINE, utf8("x=1")).get(30, TimeUnit.SECONDS))
                        .cause().isInstanceOf(RaftOperationException.class)
                        .hasMessageContaining("command to machine 'reg' got no reply within PT3S")
                        .hasMessageContaining("a majority of the voters is unreachable");
            }
        }
    }

    /** A stale read from one server, so the test sees that server's own copy. */
    private static byte[] readFrom(RaftPeerId server, String key) throws Exception {
        var message = org.apache.ratis.protocol.Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf
                .ByteString.copyFrom(WireFormat.call(WireFormat.QUERY, MACHINE, utf8(key))));
        var reply = reader.async().sendStaleRead(message, 0, server).get(30, TimeUnit.SECONDS);
        var answer = WireFormat.readQueryAnswer(reply.getMessage().getContent().toByteArray());
        assertThat(answer.status()).isEqualTo(WireFormat.OK);
        return answer.payload();
    }
}
