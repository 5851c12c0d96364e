package io.memberlist.sample;

import io.memberlist.Memberlist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of the sample in one JVM, started with {@code memberlist.raft.voters=3} as the README's
 * three-voter run does: the group forms from gossip alone, {@code /counter} counts a write from every node and every
 * node reads 3, one node leads and alone runs the leader-only job, and when the leader's application closes another
 * node leads and {@code /counter} keeps counting.
 *
 * <p>Bounds: formation is a memberlist join, a settle of ten gossip intervals (2 s, local profile) and an election
 * (1-2 s, the default election timeouts); a failover after a graceful close is a leadership transfer or at worst an
 * election timeout. Each is seconds; the bounds allow a minute and more for two busy cores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleRaftGroupTests {
    private static final Duration FORMATION = Duration.ofSeconds(90);
    private static final Duration FAILOVER = Duration.ofSeconds(60);
    private static final Duration TICK = Duration.ofMillis(500);

    @TempDir
    Path storage;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    @AfterAll
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void threeVoters_countWritesFromEveryNode_oneLeaderTicks_andAnotherLeadsAfterItCloses() throws Exception {
        ConfigurableApplicationContext first = start("s1", null);
        String seed = "127.0.0.1:" + first.getBean(Memberlist.class).localNode().port();
        start("s2", seed);
        start("s3", seed);
        await("group of three formed").atMost(FORMATION).ignoreExceptions().until(() -> apps.stream()
                .map(app -> leaderView(app)).allMatch(v -> v.get("voters").size() == 3 && !v.get("leader").isNull()));

        for (ConfigurableApplicationContext app : apps) {
            assertThat(call(app, "POST", "/counter").statusCode()).isEqualTo(200);
        }
        for (ConfigurableApplicationContext app : apps) {
            assertThat(value(app, "/counter?consistency=linearizable")).isEqualTo(3);
            await().atMost(FAILOVER).until(() -> value(app, "/counter") == 3);
        }

        ConfigurableApplicationContext leader = awaitOneLeader(apps);
        long term = leaderView(leader).get("term").asLong();
        await("the leader ticks").atMost(FORMATION)
                .until(() -> leaderView(leader).get("ticksRunHereByTerm").path(Long.toString(term)).asLong() >= 2);
        assertOneNodeTickedPerTerm();

        // Closed on another thread, so the clock measures the failover, not the whole Spring shutdown.
        long closing = System.nanoTime();
        apps.remove(leader);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(leader::close);
        ConfigurableApplicationContext next = awaitOneLeader(apps);
        await("a write after the failover").atMost(FAILOVER).until(() -> call(next, "POST", "/counter").statusCode() == 200);
        long failoverMs = (System.nanoTime() - closing) / 1_000_000;
        System.out.println("sample raft failover: " + failoverMs + " ms from closing the leader's application to"
                + " the first write committed under the next leader");
        closed.get(FAILOVER.toSeconds(), TimeUnit.SECONDS);
        for (ConfigurableApplicationContext app : apps) {
            assertThat(value(app, "/counter?consistency=linearizable")).isEqualTo(4);
        }
        long newTerm = leaderView(next).get("term").asLong();
        assertThat(newTerm).isGreaterThan(term);
        await("the next leader ticks").atMost(FAILOVER)
                .until(() -> leaderView(next).get("ticksRunHereByTerm").path(Long.toString(newTerm)).asLong() >= 1);
        assertOneNodeTickedPerTerm();
    }

    /** Exactly one of {@code nodes} says it leads, and every one names it as the leader. */
    private ConfigurableApplicationContext awaitOneLeader(List<ConfigurableApplicationContext> nodes) {
        await("exactly one leader, known to all").atMost(FAILOVER).ignoreExceptions().until(() -> {
            List<JsonNode> views = nodes.stream().map(this::leaderView).toList();
            List<JsonNode> leaders = views.stream().filter(v -> v.get("iLead").asBoolean()).toList();
            return leaders.size() == 1 && views.stream().allMatch(v -> v.get("leader").asString()
                    .equals(leaders.get(0).get("node").asString()));
        });
        return nodes.stream().filter(app -> leaderView(app).get("iLead").asBoolean()).findFirst().orElseThrow();
    }

    /** Raft elects at most one leader per term, so no two nodes ran the leader-only job in the same term. */
    private void assertOneNodeTickedPerTerm() {
        Map<String, String> tickerOfTerm = new HashMap<>();
        for (ConfigurableApplicationContext app : apps) {
            JsonNode view = leaderView(app);
            for (String term : view.get("ticksRunHereByTerm").propertyNames()) {
                String node = view.get("node").asString();
                String other = tickerOfTerm.putIfAbsent(term, node);
                assertThat(other).as("nodes that ran the job in term " + term).isIn(null, node);
            }
        }
    }

    private JsonNode leaderView(ConfigurableApplicationContext app) {
        HttpResponse<String> r = call(app, "GET", "/leader");
        assertThat(r.statusCode()).as("/leader -> " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private long value(ConfigurableApplicationContext app, String path) {
        HttpResponse<String> r = call(app, "GET", path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return json.readTree(r.body()).get("value").asLong();
    }

    private HttpResponse<String> call(ConfigurableApplicationContext app, String method, String path) {
        String port = app.getEnvironment().getProperty("local.server.port");
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private ConfigurableApplicationContext start(String name, String seed) {
        // Command-line arguments, as a user would pass them: they override application.yml (default properties
        // of the builder would not).
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--memberlist.node-name=" + name, "--memberlist.bind-port=0", "--memberlist.tcp-timeout=5s",
                "--memberlist.raft.voters=3", "--memberlist.raft.storage-dir=" + storage.resolve(name),
                "--sample.leader-tick-interval=" + TICK.toMillis() + "ms"));
        if (seed != null) {
            args.add("--memberlist.join.seeds=" + seed);
        }
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class)
                .run(args.toArray(String[]::new));
        apps.add(app);
        return app;
    }
}
