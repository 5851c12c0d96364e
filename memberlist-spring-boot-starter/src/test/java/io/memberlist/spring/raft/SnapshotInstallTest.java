package io.memberlist.spring.raft;

import io.memberlist.spring.raft.builtin.MapMachine;
import io.memberlist.spring.raft.builtin.ReplicatedMap;
import io.memberlist.spring.raft.builtin.ValueCodec;
import io.memberlist.spring.raft.statemachine.RatisRaftOperations;
import io.memberlist.spring.raft.statemachine.StateMachineHost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.memberlist.spring.raft.LoopbackGroup.LEADER_WITHIN;
import static io.memberlist.spring.raft.LoopbackGroup.TEST_TIMEOUTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A follower that was down while the others snapshotted and purged their logs past where it stopped can only
 * catch up by installing the leader's snapshot; it must do so, keep running, and end with the leader's state.
 */
class SnapshotInstallTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void followerBehindAPurgedLog_installsTheLeadersSnapshot_andCatchesUp() throws Exception {
        Map<RaftPeerId, StateMachineHost> hosts = new ConcurrentHashMap<>();
        Map<RaftPeerId, MapMachine> maps = new ConcurrentHashMap<>();
        try (LoopbackGroup group = new LoopbackGroup(dir, 3, TEST_TIMEOUTS, id -> {
            MapMachine map = new MapMachine();
            maps.put(id, map);
            return hosts.compute(id, (k, old) -> new StateMachineHost(List.of(map)));
        }, LoopbackGroup::smallLogWithSnapshots)) {
            RaftPeerId leader = group.awaitLeader(LEADER_WITHIN);
            assertThat(leader).isNotNull();
            RaftPeerId behind = group.group().getPeers().stream().map(p -> p.getId())
                    .filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            group.kill(behind); // before the first snapshot: it restarts with an empty state and a short log

            try (RatisRaftOperations raft = group.operations(RatisRaftOperations.Settings.defaults())) {
                ReplicatedMap<String> map = new ReplicatedMap<>(raft, "snap", ValueCodec.UTF8);
                for (long i = 0; i < 300; i++) {
                    map.put("k" + (i % 7), Long.toString(i)).get(30, TimeUnit.SECONDS);
                }
                group.restart(behind);
                RaftPeerId current = group.awaitLeader(LEADER_WITHIN);
                long target = group.appliedIndex(current);

                await().atMost(LEADER_WITHIN).pollInterval(java.time.Duration.ofMillis(50))
                        .until(() -> group.appliedIndex(behind) >= target);
                assertThat(hosts.get(behind).snapshotsLoaded()).as("snapshots installed on %s", behind).isPositive();
                await().atMost(LEADER_WITHIN).pollInterval(java.time.Duration.ofMillis(50))
                        .until(() -> group.appliedIndex(behind) == group.appliedIndex(current));
                assertThat(state(maps.get(behind))).isEqualTo(state(maps.get(current)));
                assertThat(map.getLinearizable("k6").get(30, TimeUnit.SECONDS)).isEqualTo("293");
            }
        }
    }

    private static String state(MapMachine machine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        machine.writeSnapshot(out);
        return java.util.HexFormat.of().formatHex(out.toByteArray());
    }
}
