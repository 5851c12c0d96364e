package io.memberlist.spring.raft.statemachine;

import io.memberlist.spring.raft.QueryResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.memberlist.spring.raft.statemachine.RatisTestCluster.MACHINE;
import static io.memberlist.spring.raft.statemachine.RegisterMachine.text;
import static io.memberlist.spring.raft.statemachine.RegisterMachine.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The index rule: a query never returns state older than the client has seen, even from a lagging follower. */
class QueryIndexRuleTest {

    @TempDir
    Path dir;

    @Test
    void aLaggingFollowerIsAskedFirstButItsStaleStateIsNeverReturned() throws Exception {
        try (RatisTestCluster cluster = new RatisTestCluster(dir, 3)) {
            RaftPeerId leader = cluster.awaitLeader();
            RaftPeerId lagging = cluster.aFollower(leader);
            try (RatisRaftOperations raft = cluster.operations(
                    RatisRaftOperations.Settings.defaults().withPreferredServer(lagging))) {
                raft.command(MACHINE, utf8("k=old")).get(30, TimeUnit.SECONDS);
                // A follower applies a moment after the leader answered: wait for it, so it is not lagging yet.
                long written = raft.highestSeenIndex();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> cluster.host(lagging).getLastAppliedTermIndex().getIndex() >= written);
                QueryResult before = raft.query(MACHINE, utf8("k")).get(30, TimeUnit.SECONDS);
                assertThat(text(before.payload())).isEqualTo("old");
                assertThat(raft.staleAnswers(lagging)).as("not lagging yet").isZero();

                // The lagging follower's apply is held back: the leader and the other follower commit without it.
                cluster.machine(lagging).close();
                raft.command(MACHINE, utf8("k=new")).get(30, TimeUnit.SECONDS);
                long seen = raft.highestSeenIndex();
                assertThat(cluster.host(lagging).getLastAppliedTermIndex().getIndex()).isLessThan(seen);

                QueryResult after = raft.query(MACHINE, utf8("k")).get(30, TimeUnit.SECONDS);
                assertThat(text(after.payload())).isEqualTo("new");
                assertThat(after.index()).isGreaterThanOrEqualTo(seen);
                assertThat(raft.staleAnswers(lagging)).as("the lagging follower was asked first").isEqualTo(1);

                cluster.machine(lagging).open();
            }
        }
    }

    /**
     * A query sent to the leader itself (a group of one has no follower to ask) after a command of the same
     * client: answered, and the client still serves the next command.
     */
    @Test
    void aQueryAskedOfTheLeaderAfterACommandIsAnswered() throws Exception {
        try (RatisTestCluster cluster = new RatisTestCluster(dir, 1)) {
            cluster.awaitLeader();
            try (RatisRaftOperations raft = cluster.operations(RatisRaftOperations.Settings.defaults())) {
                raft.command(MACHINE, utf8("k=v1")).get(30, TimeUnit.SECONDS);
                QueryResult read = raft.query(MACHINE, utf8("k")).get(30, TimeUnit.SECONDS);
                assertThat(text(read.payload())).isEqualTo("v1");
                assertThat(read.index()).isGreaterThanOrEqualTo(raft.highestSeenIndex());
                raft.command(MACHINE, utf8("k=v2")).get(30, TimeUnit.SECONDS);
                assertThat(text(raft.query(MACHINE, utf8("k")).get(30, TimeUnit.SECONDS).payload())).isEqualTo("v2");
            }
        }
    }
}
