package io.memberlist.spring.raft.actuate;

import io.memberlist.Memberlist;
import io.memberlist.spring.raft.RaftApps;
import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.group.RaftGroupStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three applications form a group; every node's {@code memberlistRaft} health is UP with the leader. Then the two
 * followers stop: the leader, alone, loses its majority, steps down and knows no leader, and its health turns DOWN
 * once that has lasted {@link RaftHealthIndicator#leaderlessBound} (five longest election timeouts), and not
 * before it has lasted that long.
 *
 * <p>The election timeouts are short here (500 ms to 1 s, so the bound is 5 s); the waits allowed are the bound
 * plus half a minute for a busy machine.
 */
class RaftHealthMinorityTests {
    private static final Duration ELECTION_TIMEOUT_MAX = Duration.ofSeconds(1);
    private static final Duration FORMATION = Duration.ofSeconds(60);

    @TempDir
    Path storage;
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    @AfterEach
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void upWithALeader_thenDownOnceTheLoneSurvivorHasKnownNoLeaderForTheBound() {
        ConfigurableApplicationContext first = start("h1", null);
        String seed = "127.0.0.1:" + first.getBean(Memberlist.class).localNode().port();
        start("h2", seed);
        start("h3", seed);
        await().atMost(FORMATION).until(() -> apps.stream().allMatch(app -> status(app).leader() != null
                && status(app).voters().size() == 3 && health(app).getStatus().equals(Status.UP)));
        // every node's health names the same leader (awaited: a spurious election on a busy machine may move it)
        await().atMost(FORMATION).untilAsserted(() -> {
            String leaderName = apps.stream().filter(app -> status(app).isLeader()).findFirst()
                    .map(app -> status(app).leader()).orElseThrow();
            for (ConfigurableApplicationContext app : apps) {
                assertThat(health(app).getDetails()).containsEntry("leader", leaderName);
            }
        });
        ConfigurableApplicationContext leader = apps.stream().filter(app -> status(app).isLeader()).findFirst()
                .orElseThrow();

        apps.stream().filter(app -> app != leader).forEach(ConfigurableApplicationContext::close);
        Duration bound = RaftHealthIndicator.leaderlessBound(ELECTION_TIMEOUT_MAX);
        await().atMost(bound.plusSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> health(leader).getStatus().equals(Status.DOWN));

        Health down = health(leader);
        assertThat((String) down.getDetails().get("reason")).startsWith("no raft leader known for ")
                .contains("minority side of a partition", "fewer than a majority of voters are up");
        assertThat(Duration.parse((String) down.getDetails().get("leaderUnknownFor"))).isGreaterThan(bound);
        assertThat(down.getDetails()).doesNotContainKey("leader");
        assertThat(status(leader).isLeader()).isFalse();
    }

    private ConfigurableApplicationContext start(String name, String seed) {
        ConfigurableApplicationContext ctx = RaftApps.start(HealthTestApplication.class, name, seed, storage, "spring.application.name=raft-health-tests", "memberlist.raft.election-timeout-min=500ms",
                "memberlist.raft.election-timeout-max=" + ELECTION_TIMEOUT_MAX.toMillis() + "ms");
        apps.add(ctx);
        return ctx;
    }

    private static RaftGroupStatus status(ConfigurableApplicationContext app) {
        return app.getBean(RaftGroupNode.class).status();
    }

    private static Health health(ConfigurableApplicationContext app) {
        return app.getBean("memberlistRaftHealthIndicator", RaftHealthIndicator.class).health();
    }

    @SpringBootApplication
    static class HealthTestApplication {
    }
}
