package io.memberlist.spring.cluster;

import io.memberlist.Memberlist;
import io.memberlist.NodeState;
import io.memberlist.spring.event.MemberLeftEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three applications in one JVM on free ports, gossiping on loopback with fast timings: discovery,
 * load-balanced calls, status changes, actuator JSON, metrics, events and heartbeats, crash detection and
 * graceful leave.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberlistClusterTests {
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private ConfigurableApplicationContext n1;
    private ConfigurableApplicationContext n2;
    private ConfigurableApplicationContext n3;

    @BeforeAll
    void startThreeNodes() {
        n1 = start("n1", null);
        String seed = "127.0.0.1:" + n1.getBean(Memberlist.class).localNode().port();
        n2 = start("n2", seed);
        n3 = start("n3", seed);
    }

    @AfterAll
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext start(String name, String seed) {
        List<String> props = new ArrayList<>(List.of("spring.application.name=orders", "server.port=0",
                "memberlist.node-name=" + name, "memberlist.bind-address=127.0.0.1", "memberlist.bind-port=0",
                "memberlist.profile=local", "memberlist.probe-interval=200ms", "memberlist.probe-timeout=100ms",
                "memberlist.gossip-interval=50ms", "memberlist.suspicion-mult=3",
                "memberlist.suspicion-max-timeout-mult=2", "memberlist.leave-timeout=1s",
                "memberlist.events.heartbeat-min-interval=200ms",
                "management.endpoints.web.exposure.include=health,memberlist,metrics,serviceregistry,features",
                "management.endpoint.health.show-details=always", "spring.main.banner-mode=off",
                // Gateway's jar is on the test classpath for GatewayRouteRefreshTests; this is a servlet app
                "spring.cloud.gateway.server.webflux.enabled=false"));
        if (seed != null) {
            props.add("memberlist.join.seeds=" + seed);
            props.add("memberlist.join.fail-fast=true");
        }
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ClusterTestApplication.class)
                .properties(props.toArray(String[]::new)).run();
        apps.add(ctx);
        return ctx;
    }

    private static int port(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    private static List<String> instances(ConfigurableApplicationContext ctx) {
        return ctx.getBean(DiscoveryClient.class).getInstances("orders").stream()
                .map(ServiceInstance::getInstanceId).sorted().toList();
    }

    private JsonNode get(ConfigurableApplicationContext ctx, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(ctx) + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private int post(ConfigurableApplicationContext ctx, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(ctx) + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static ClusterTestApplication.EventLog events(ConfigurableApplicationContext ctx) {
        return ctx.getBean(ClusterTestApplication.EventLog.class);
    }

    @Test
    @Order(1)
    void everyNode_discoversAllThreeInstancesWithTheirRealPorts() {
        for (ConfigurableApplicationContext ctx : List.of(n1, n2, n3)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> instances(ctx).size() == 3);
            assertThat(instances(ctx)).containsExactly("n1", "n2", "n3");
        }
        ServiceInstance i3 = n1.getBean(DiscoveryClient.class).getInstances("orders").stream()
                .filter(i -> i.getInstanceId().equals("n3")).findFirst().orElseThrow();
        assertThat(i3.getPort()).isEqualTo(port(n3));
        assertThat(i3.getHost()).isEqualTo("127.0.0.1");
        assertThat(n1.getBean(DiscoveryClient.class).getServices()).contains("orders");
    }

    @Test
    @Order(2)
    void loadBalancedCalls_reachEveryInstance() {
        RestClient client = n1.getBean(RestClient.Builder.class).build();
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            answers.add(client.get().uri("http://orders/hello").retrieve().body(String.class));
        }
        assertThat(answers).containsExactlyInAnyOrder("n1", "n2", "n3");
    }

    @Test
    @Order(3)
    void actuatorEndpoint_listsMembersWithStateAddressIncarnationAndMeta() throws Exception {
        JsonNode report = get(n1, "/actuator/memberlist");
        JsonNode members = report.get("members");
        assertThat(members.isArray()).isTrue();
        assertThat(members.size()).isEqualTo(3);
        for (JsonNode m : members) {
            assertThat(m.get("name").asString()).isIn("n1", "n2", "n3");
            assertThat(m.get("address").asString()).isEqualTo("127.0.0.1");
            assertThat(m.get("port").asInt()).isPositive();
            assertThat(m.get("state").asString()).isEqualTo("ALIVE");
            assertThat(m.get("incarnation").asLong()).isPositive();
            assertThat(m.get("meta").get("service-id").asString()).isEqualTo("orders");
            assertThat(m.get("meta").get("status").asString()).isEqualTo("UP");
        }
        assertThat(report.get("localNode").get("name").asString()).isEqualTo("n1");
        assertThat(report.get("configuration").get("probeInterval").asString()).isEqualTo("PT0.2S");
        assertThat(report.get("failureDetection").get("clusterSize").asInt()).isEqualTo(3);
        assertThat(get(n1, "/actuator/memberlist/n2").get("name").asString()).isEqualTo("n2");

        JsonNode health = get(n1, "/actuator/health");
        assertThat(health.get("components").get("memberlist").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("memberlist").get("details").get("members").get("alive").asInt())
                .isEqualTo(3);
        assertThat(health.get("components").get("discoveryComposite").get("status").asString()).isEqualTo("UP");

        JsonNode features = get(n1, "/actuator/features").get("enabled");
        assertThat(features.findValuesAsString("type")).contains(Memberlist.class.getName());
    }

    @Test
    @Order(4)
    void metrics_countMembersAndTraffic() throws Exception {
        JsonNode alive = get(n1, "/actuator/metrics/memberlist.members?tag=state:alive");
        assertThat(alive.get("measurements").get(0).get("value").asDouble()).isEqualTo(3.0);
        JsonNode sent = get(n1, "/actuator/metrics/memberlist.udp.sent");
        assertThat(sent.get("baseUnit").asString()).isEqualTo("bytes");
        assertThat(sent.get("measurements").get(0).get("value").asDouble()).isPositive();
        assertThat(get(n1, "/actuator/metrics/memberlist.health.score").get("measurements").get(0).get("value")
                .asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(get(n1, "/actuator/metrics/memberlist.messages.received?tag=type:ping")).isNotNull();
        assertThat(get(n1, "/actuator/metrics/memberlist.push.pull")).isNotNull();
        assertThat(get(n1, "/actuator/metrics/memberlist.queue.broadcasts").get("measurements").get(0).get("value")
                .asDouble()).isGreaterThanOrEqualTo(0);
        JsonNode probe = get(n1, "/actuator/metrics/memberlist.probe");
        assertThat(probe.get("measurements").get(0).get("statistic").asString()).isEqualTo("COUNT");
        assertThat(probe.get("measurements").get(0).get("value").asDouble()).isPositive();
    }

    @Test
    @Order(5)
    void heartbeats_onlyOnRealChange_andOutOfServiceIsGossiped() throws Exception {
        ClusterTestApplication.EventLog log = events(n1);
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(600)).until(() -> {
            List<Long> before = log.heartbeats();
            Thread.sleep(300);
            return log.heartbeats().equals(before);
        });
        List<Long> quiet = log.heartbeats();
        Thread.sleep(1500); // probes and gossip keep running: no membership change, so no heartbeat
        assertThat(log.heartbeats()).isEqualTo(quiet);

        assertThat(post(n3, "/actuator/serviceregistry", "{\"status\":\"OUT_OF_SERVICE\"}")).isBetween(200, 204);
        await().atMost(Duration.ofSeconds(2)).until(() -> instances(n1).equals(List.of("n1", "n2")));
        await().atMost(Duration.ofSeconds(2)).until(() -> log.heartbeats().size() > quiet.size());
        assertThat(log.heartbeats().get(log.heartbeats().size() - 1)).isGreaterThan(quiet.isEmpty() ? 0
                : quiet.get(quiet.size() - 1));

        assertThat(post(n3, "/actuator/serviceregistry", "{\"status\":\"UP\"}")).isBetween(200, 204);
        await().atMost(Duration.ofSeconds(2)).until(() -> instances(n1).size() == 3);
    }

    @Test
    @Order(6)
    void crashedNode_isDeclaredDeadWithinTheDetectionTime() throws Exception {
        JsonNode detection = get(n1, "/actuator/memberlist").get("failureDetection");
        Duration worstCase = Duration.parse(detection.get("worstCase").asString());
        long start = System.nanoTime();
        n2.getBean(Memberlist.class).shutdown(); // no leave: looks like kill -9 to the others
        Duration bound = worstCase.plusSeconds(3); // plus gossip spread and a loaded CI machine
        await().atMost(bound.plusSeconds(10)).until(() -> !instances(n1).contains("n2"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(bound);
        await().atMost(Duration.ofSeconds(2)).until(() -> events(n1).events.stream()
                .anyMatch(e -> e instanceof MemberLeftEvent l && l.getNode().name().equals("n2")
                        && l.getReason() == NodeState.DEAD));
        n2.close();
    }

    @Test
    @Order(7)
    void gracefulShutdown_removesTheInstanceInUnderTwoSeconds() {
        await().atMost(Duration.ofSeconds(5)).until(() -> instances(n1).equals(List.of("n1", "n3")));
        long start = System.nanoTime();
        n3.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !instances(n1).contains("n3"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(events(n1).events).anyMatch(e -> e instanceof MemberLeftEvent l
                && l.getNode().name().equals("n3") && l.getReason() == NodeState.LEFT);
        RestClient client = n1.getBean(RestClient.Builder.class).build();
        for (int i = 0; i < 3; i++) {
            assertThat(client.get().uri("http://orders/hello").retrieve().body(String.class)).isEqualTo("n1");
        }
    }
}
