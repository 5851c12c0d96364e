package io.memberlist.spring.cluster;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.MemberlistException;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.Stats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A live gossip key rotation on three applications through {@code /actuator/memberlistkeyring}, in the
 * documented order (install everywhere, use everywhere, remove the old key everywhere), while the nodes keep
 * probing and gossiping: nobody is ever suspected, no packet fails to decrypt, and afterwards a node that only
 * has the old key cannot join.
 */
class KeyRotationClusterTests {
    private static final byte[] OLD = "old-key-16-bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NEW = "new-key-for-aes-256-32-bytes-abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        watcher.shutdownNow();
        apps.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void rotateLive_noSuspicionNoDecryptFailure_oldKeyRefusedAfterwards() throws Exception {
        ConfigurableApplicationContext n1 = start("n1", null);
        String seed = "127.0.0.1:" + memberlist(n1).localNode().port();
        List<ConfigurableApplicationContext> nodes = List.of(n1, start("n2", seed), start("n3", seed));
        for (ConfigurableApplicationContext n : nodes) {
            await().atMost(Duration.ofSeconds(30)).until(() -> aliveMembers(n) == 3);
        }
        awaitProbeRounds(nodes, 2); // settled: every node probes successfully before the rotation starts
        List<Stats> before = nodes.stream().map(n -> memberlist(n).stats()).toList();
        ConcurrentLinkedQueue<String> notAlive = new ConcurrentLinkedQueue<>();
        watcher.scheduleAtFixedRate(() -> nodes.forEach(n -> {
            for (Node m : memberlist(n).members()) {
                if (m.state() != NodeState.ALIVE) {
                    notAlive.add(memberlist(n).localNode().name() + " saw " + m.name() + " " + m.state());
                }
            }
        }), 0, 10, TimeUnit.MILLISECONDS);

        for (String action : List.of("install", "use", "remove")) {
            byte[] key = action.equals("remove") ? OLD : NEW;
            for (ConfigurableApplicationContext n : nodes) {
                JsonNode report = post(n, action, key);
                assertThat(report.toString()).doesNotContain(Base64.getEncoder().encodeToString(key));
            }
            awaitProbeRounds(nodes, 3); // gossip goes on between the steps
        }

        for (ConfigurableApplicationContext n : nodes) {
            JsonNode keyring = get(n);
            assertThat(keyring.get("installed")).hasSize(1);
            assertThat(keyring.get("primary").asString()).isEqualTo(fingerprint(NEW));
            assertThat(aliveMembers(n)).isEqualTo(3);
        }
        for (int i = 0; i < nodes.size(); i++) {
            Stats after = memberlist(nodes.get(i)).stats();
            assertThat(after.probeFailures()).as("probe failures").isEqualTo(before.get(i).probeFailures());
            assertThat(after.droppedDecrypt()).as("decrypt drops").isEqualTo(before.get(i).droppedDecrypt());
        }
        assertThat(notAlive).isEmpty();

        Memberlist intruder = Memberlist.create(Config.local().name("old-key").bindAddress("127.0.0.1").bindPort(0)
                .secretKeys(List.of(OLD)).tcpTimeout(Duration.ofSeconds(2)).build());
        try {
            assertThatThrownBy(() -> intruder.join(List.of(seed))).isInstanceOf(MemberlistException.class);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> memberlist(n1).stats().droppedDecrypt() > before.get(0).droppedDecrypt());
            assertThat(memberlist(n1).members()).extracting(Node::name).doesNotContain("old-key");
        } finally {
            intruder.shutdown();
        }
    }

    private ConfigurableApplicationContext start(String name, String seed) {
        List<String> props = new ArrayList<>(List.of("spring.application.name=orders", "server.port=0",
                "memberlist.node-name=" + name, "memberlist.bind-address=127.0.0.1", "memberlist.bind-port=0",
                // generous probe timeout: on a busy machine a slow ack, not the rotation, would look like a suspicion
                "memberlist.profile=local", "memberlist.probe-interval=1s", "memberlist.probe-timeout=800ms",
                "memberlist.gossip-interval=100ms", "memberlist.tcp-timeout=5s", "memberlist.leave-timeout=1s",
                "memberlist.security.secret-keys=" + Base64.getEncoder().encodeToString(OLD),
                "memberlist.security.key-rotation.enabled=true",
                "management.endpoints.web.exposure.include=memberlistkeyring", "spring.main.banner-mode=off",
                "spring.cloud.gateway.server.webflux.enabled=false"));
        if (seed != null) {
            props.add("memberlist.join.seeds=" + seed); // joins in the background until the seed answers
        }
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ClusterTestApplication.class)
                .properties(props.toArray(String[]::new)).run();
        apps.add(ctx);
        return ctx;
    }

    private static void awaitProbeRounds(List<ConfigurableApplicationContext> nodes, int rounds) {
        ToLongFunction<ConfigurableApplicationContext> probes = n -> memberlist(n).stats().probes();
        List<Long> start = nodes.stream().map(probes::applyAsLong).toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (int i = 0; i < nodes.size(); i++) {
                if (probes.applyAsLong(nodes.get(i)) < start.get(i) + rounds) {
                    return false;
                }
            }
            return true;
        });
    }

    private static Memberlist memberlist(ConfigurableApplicationContext ctx) {
        return ctx.getBean(Memberlist.class);
    }

    private static long aliveMembers(ConfigurableApplicationContext ctx) {
        return memberlist(ctx).members().stream().filter(m -> m.state() == NodeState.ALIVE).count();
    }

    private static String fingerprint(byte[] key) {
        return io.memberlist.spring.actuate.MemberlistKeyringEndpoint.fingerprint(key);
    }

    private JsonNode get(ConfigurableApplicationContext ctx) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(ctx)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private JsonNode post(ConfigurableApplicationContext ctx, String action, byte[] key) throws Exception {
        String body = "{\"action\":\"" + action + "\",\"key\":\"" + Base64.getEncoder().encodeToString(key) + "\"}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(ctx)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(action + " -> " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static URI uri(ConfigurableApplicationContext ctx) {
        return URI.create("http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port")
                + "/actuator/memberlistkeyring");
    }
}
