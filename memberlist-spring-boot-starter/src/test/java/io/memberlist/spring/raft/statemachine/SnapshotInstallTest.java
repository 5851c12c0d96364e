package io.memberlist.spring.raft.statemachine;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.memberlist.spring.raft.statemachine.RatisTestCluster.MACHINE;
import static io.memberlist.spring.raft.statemachine.RegisterMachine.text;
import static io.memberlist.spring.raft.statemachine.RegisterMachine.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A server added with empty storage after the log was purged catches up by installing the leader's snapshot. */
class SnapshotInstallTest {

    private static final int COMMANDS = 60;

    @TempDir
    Path dir;

    /** Snapshots every 10 entries, small segments so closed ones exist, and purging up to the snapshot. */
    private static void snapshotOften(RaftProperties properties) {
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, 10);
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf("4KB"));
        RaftServerConfigKeys.Log.setPreallocatedSize(properties, SizeInBytes.valueOf("4KB"));
        RaftServerConfigKeys.Log.setPurgeGap(properties, 1);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
    }

    @Test
    void aNewServerWithEmptyStorageReachesTheSameStateFromASnapshot() throws Exception {
        try (RatisTestCluster cluster = new RatisTestCluster(dir, 3, SnapshotInstallTest::snapshotOften);
             RatisRaftOperations raft = cluster.operations(RatisRaftOperations.Settings.defaults())) {
            var leader = cluster.awaitLeader();
            String padding = "x".repeat(200);
            var writes = new java.util.ArrayList<java.util.concurrent.CompletableFuture<byte[]>>();
            for (int i = 0; i < COMMANDS; i++) {
                writes.add(raft.command(MACHINE, utf8("k" + (i % 7) + "=" + i + padding)));
            }
            java.util.concurrent.CompletableFuture.allOf(writes.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .get(60, TimeUnit.SECONDS);
            long written = raft.highestSeenIndex();
            await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
                var log = cluster.server(leader).getDivision(cluster.groupId).getRaftLog();
                assertThat(log.getStartIndex()).as("the leader purged its log's head (snapshot %s, log %s)",
                        cluster.host(leader).getLatestSnapshot(), log).isGreaterThan(1);
            });

            RaftPeer added = cluster.startNewcomer(3);
            var reply = cluster.newClient().admin().setConfiguration(cluster.peers());
            assertThat(reply.isSuccess()).as("%s", reply).isTrue();

            StateMachineHost newcomer = cluster.host(added.getId());
            await().atMost(RatisTestCluster.AWAIT).until(
                    () -> newcomer.getLastAppliedTermIndex().getIndex() >= written);
            assertThat(newcomer.snapshotsLoaded()).as("caught up through a snapshot").isGreaterThanOrEqualTo(1);
            for (int key = 0; key < 7; key++) {
                String expected = text(raft.linearizableQuery(MACHINE, utf8("k" + key))
                        .get(30, TimeUnit.SECONDS).payload());
                assertThat(text(readFrom(cluster, added, "k" + key))).isEqualTo(expected);
            }
        }
    }

    private static byte[] readFrom(RatisTestCluster cluster, RaftPeer server, String key) throws Exception {
        Message message = Message.valueOf(ByteString.copyFrom(WireFormat.call(WireFormat.QUERY, MACHINE, utf8(key))));
        var reply = cluster.newClient().async().sendStaleRead(message, 0, server.getId()).get(30, TimeUnit.SECONDS);
        var answer = WireFormat.readQueryAnswer(reply.getMessage().getContent().toByteArray());
        assertThat(answer.status()).isEqualTo(WireFormat.OK);
        return answer.payload();
    }
}
