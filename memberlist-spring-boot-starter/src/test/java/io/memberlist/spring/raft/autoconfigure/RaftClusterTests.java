package io.memberlist.spring.raft.autoconfigure;

import io.memberlist.Memberlist;
import io.memberlist.spring.raft.RaftApps;
import io.memberlist.spring.raft.Commit;
import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.ReplicatedStateMachine;
import io.memberlist.spring.raft.builtin.Leadership;
import io.memberlist.spring.raft.builtin.LeadershipGrantedEvent;
import io.memberlist.spring.raft.Subscription;
import io.memberlist.spring.raft.builtin.MapChange;
import io.memberlist.spring.raft.builtin.RaftLock;
import io.memberlist.spring.raft.builtin.ReplicatedCounter;
import io.memberlist.spring.raft.builtin.ReplicatedMap;
import io.memberlist.spring.raft.builtin.ValueCodec;
import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.group.RaftGroupStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.support.locks.LockRegistry;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Three applications in one JVM with {@code memberlist.raft.enabled=true}: the group forms from gossip alone, the
 * built-ins (counter, map with change subscriptions, lock, Spring Integration's LockRegistry) and an application's
 * own {@link ReplicatedStateMachine} bean are replicated, every node reads what any node wrote, and exactly one node
 * is told it leads.
 *
 * <p>Bounds derive from the raft timeouts set here and hold on two busy cores: formation needs the memberlist
 * join, a settle of ten gossip intervals and an election; each is far below the minute allowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RaftClusterTests {
    private static final Duration FORMATION = Duration.ofSeconds(60);
    private static final Duration CALL = Duration.ofSeconds(30);

    @TempDir
    static Path storage;
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    @BeforeAll
    void startThreeNodes() {
        ConfigurableApplicationContext first = start("r1", null);
        String seed = "127.0.0.1:" + first.getBean(Memberlist.class).localNode().port();
        start("r2", seed);
        start("r3", seed);
        await().atMost(FORMATION).until(() -> apps.stream().allMatch(app -> status(app).leader() != null
                && status(app).voters().size() == 3));
    }

    @AfterAll
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void everyNodeAgreesOnTheVotersAndTheLeader() {
        Set<List<String>> voters = apps.stream().map(app -> status(app).voters().stream().sorted().toList())
                .collect(Collectors.toSet());
        assertThat(voters).containsExactly(List.of("r1", "r2", "r3"));
        await().atMost(FORMATION).until(() -> apps.stream().map(app -> status(app).leader()).distinct().count() == 1);
        await().atMost(FORMATION).until(() -> apps.stream().filter(app -> app.getBean(Leadership.class).isLeader())
                .count() == 1);
        ConfigurableApplicationContext leader = apps.stream().filter(app -> app.getBean(Leadership.class).isLeader())
                .findFirst().orElseThrow();
        await().atMost(FORMATION).until(() -> !leader.getBean(Granted.class).events.isEmpty());
        assertThat(leader.getBean(Granted.class).events.get(0).getLeaderId()).isEqualTo(status(leader).leader());
    }

    @Test
    void theBuiltInCounterCountsWritesFromEveryNode() throws Exception {
        for (ConfigurableApplicationContext app : apps) {
            new ReplicatedCounter(app.getBean(RaftOperations.class), "visits").incrementAndGet()
                    .get(CALL.toSeconds(), TimeUnit.SECONDS);
        }
        for (ConfigurableApplicationContext app : apps) {
            assertThat(new ReplicatedCounter(app.getBean(RaftOperations.class), "visits").getLinearizable()
                    .get(CALL.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3L);
        }
    }

    @Test
    void anApplicationsOwnStateMachineIsHostedOnEveryServer() throws Exception {
        RaftOperations raft = apps.get(1).getBean(RaftOperations.class);
        raft.command(Greetings.NAME, "hello".getBytes(StandardCharsets.UTF_8)).get(CALL.toSeconds(), TimeUnit.SECONDS);
        for (ConfigurableApplicationContext app : apps) {
            await().atMost(CALL).until(() -> app.getBean(Greetings.class).last().equals("hello"));
        }
        byte[] answer = apps.get(2).getBean(RaftOperations.class).linearizableQuery(Greetings.NAME, new byte[0])
                .get(CALL.toSeconds(), TimeUnit.SECONDS).payload();
        assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void theReplicatedMapIsSharedAndTellsSubscribersOfChanges() throws Exception {
        ReplicatedMap<String> onFirst = new ReplicatedMap<>(apps.get(0).getBean(RaftOperations.class), "config",
                ValueCodec.UTF8);
        ReplicatedMap<String> onThird = new ReplicatedMap<>(apps.get(2).getBean(RaftOperations.class), "config",
                ValueCodec.UTF8);
        List<MapChange<String>> changes = new CopyOnWriteArrayList<>();
        try (Subscription ignored = onThird.onChange("mode", changes::add)) {
            onFirst.put("mode", "blue").get(CALL.toSeconds(), TimeUnit.SECONDS);
            assertThat(onFirst.compareAndSet("mode", "green", "red").get(CALL.toSeconds(), TimeUnit.SECONDS))
                    .as("CAS against a value that is not current").isFalse();
            assertThat(onThird.compareAndSet("mode", "blue", "green").get(CALL.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
            onFirst.put("other", "x").get(CALL.toSeconds(), TimeUnit.SECONDS);
            assertThat(onFirst.getLinearizable("mode").get(CALL.toSeconds(), TimeUnit.SECONDS)).isEqualTo("green");
            // Sequentially consistent: this client wrote "other" after "mode" became green, so it never reads blue.
            assertThat(onFirst.get("mode").get(CALL.toSeconds(), TimeUnit.SECONDS)).isEqualTo("green");
            await().atMost(CALL).until(() -> changes.size() == 2);
            assertThat(changes).extracting(MapChange::previous, MapChange::current)
                    .containsExactly(tuple(null, "blue"), tuple("blue", "green"));
        }
    }

    @Test
    void theLockIsHeldByOneNodeAtATimeWithIncreasingFencingTokens() throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try {
            RaftLock first = new RaftLock(apps.get(0).getBean(RaftOperations.class), "nightly-report", "r1",
                    Duration.ofSeconds(10), scheduler);
            RaftLock second = new RaftLock(apps.get(1).getBean(RaftOperations.class), "nightly-report", "r2",
                    Duration.ofSeconds(10), scheduler);
            assertThat(first.tryLock(CALL)).isTrue();
            long firstToken = first.fencingToken();
            assertThat(second.tryAcquire().get(CALL.toSeconds(), TimeUnit.SECONDS)).as("held by r1").isFalse();
            first.unlock();
            assertThat(second.tryLock(CALL)).as("free again after r1 released it").isTrue();
            assertThat(second.fencingToken()).isGreaterThan(firstToken);
            second.unlock();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void springIntegrationsLockRegistryExcludesOtherNodes() throws Exception {
        Lock onFirst = apps.get(0).getBean(LockRegistry.class).obtain("invoices");
        Lock onSecond = apps.get(1).getBean(LockRegistry.class).obtain("invoices");
        assertThat(onFirst.tryLock(CALL.toSeconds(), TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(onSecond.tryLock()).as("another node holds it").isFalse();
        } finally {
            onFirst.unlock();
        }
        assertThat(onSecond.tryLock(CALL.toSeconds(), TimeUnit.SECONDS)).isTrue();
        onSecond.unlock();
    }

    private ConfigurableApplicationContext start(String name, String seed) {
        ConfigurableApplicationContext ctx = RaftApps.start(RaftTestApplication.class, name, seed, storage);
        apps.add(ctx);
        return ctx;
    }

    private static RaftGroupStatus status(ConfigurableApplicationContext app) {
        return app.getBean(RaftGroupNode.class).status();
    }

    @SpringBootApplication
    static class RaftTestApplication {
        @Bean
        Greetings greetings() {
            return new Greetings();
        }

        @Bean
        Granted granted() {
            return new Granted();
        }
    }

    /** Remembers leadership grants. */
    static class Granted implements ApplicationListener<LeadershipGrantedEvent> {
        final List<LeadershipGrantedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(LeadershipGrantedEvent event) {
            events.add(event);
        }
    }

    /** An application's own machine: remembers the last greeting. */
    static class Greetings implements ReplicatedStateMachine {
        static final String NAME = "greetings";
        private volatile String last = "";

        String last() {
            return last;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public byte[] apply(Commit commit) {
            last = new String(commit.payload(), StandardCharsets.UTF_8);
            return new byte[0];
        }

        @Override
        public byte[] query(byte[] query) {
            return last.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void writeSnapshot(OutputStream out) throws java.io.IOException {
            new DataOutputStream(out).writeUTF(last);
        }

        @Override
        public void readSnapshot(InputStream in) throws java.io.IOException {
            last = new DataInputStream(in).readUTF();
        }
    }
}
