package io.memberlist.spring.cluster;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.NodeState;
import io.memberlist.protocol.Timing;
import io.memberlist.spring.event.MemberLeftEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * Applications in one JVM on free ports, gossiping on loopback with fast timings: discovery, load-balanced
 * calls, status changes, actuator JSON, metrics, events and heartbeats, crash detection and graceful leave.
 *
 * <p>Order-free: the read-only tests share one converged three-node cluster; every test that changes
 * membership or status starts a cluster of its own and closes it. Wall-clock waits derive from each
 * node's {@link Config} and hold on two busy cores ({@link #onBusyMachine}); the protocol's exact timing is
 * checked in the simulator ({@code io.memberlist.sim.ScenarioTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberlistClusterTests {
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private ConfigurableApplicationContext n1;
    private ConfigurableApplicationContext n2;
    private ConfigurableApplicationContext n3;

    @BeforeAll
    void startThreeNodes() {
        List<ConfigurableApplicationContext> shared = startCluster("n", 3);
        n1 = shared.get(0);
        n2 = shared.get(1);
        n3 = shared.get(2);
    }

    @AfterAll
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    /** Starts {@code prefix1..prefixN}, joined through the first, and waits until each discovers all. */
    private List<ConfigurableApplicationContext> startCluster(String prefix, int size) {
        List<ConfigurableApplicationContext> cluster = new ArrayList<>();
        cluster.add(start(prefix + 1, null));
        String seed = "127.0.0.1:" + memberlist(cluster.get(0)).localNode().port();
        for (int i = 2; i <= size; i++) {
            cluster.add(start(prefix + i, seed));
        }
        List<String> names = cluster.stream().map(c -> memberlist(c).localNode().name()).sorted().toList();
        // Joined nodes learn of each other by gossip, or at the latest by the next push/pull round.
        Duration converge = onBusyMachine(memberlist(cluster.get(0)).config().pushPullInterval());
        for (ConfigurableApplicationContext ctx : cluster) {
            await().atMost(converge).until(() -> instances(ctx).equals(names));
        }
        return cluster;
    }

    private static void close(List<ConfigurableApplicationContext> cluster) {
        cluster.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext start(String name, String seed) {
        List<String> props = new ArrayList<>(List.of("spring.application.name=orders", "server.port=0",
                "memberlist.node-name=" + name, "memberlist.bind-address=127.0.0.1", "memberlist.bind-port=0",
                "memberlist.profile=local", "memberlist.probe-interval=200ms", "memberlist.probe-timeout=100ms",
                "memberlist.gossip-interval=50ms", "memberlist.suspicion-mult=3",
                // local's 1 s is too short for a join push/pull on two busy cores; no assertion depends on it
                "memberlist.tcp-timeout=5s",
                "memberlist.suspicion-max-timeout-mult=2", "memberlist.leave-timeout=1s",
                "memberlist.events.heartbeat-min-interval=200ms",
                "management.endpoints.web.exposure.include=health,memberlist,metrics,serviceregistry,features",
                "management.endpoint.health.show-details=always", "spring.main.banner-mode=off",
                // Gateway's jar is on the test classpath for GatewayRouteRefreshTests; this is a servlet app
                "spring.cloud.gateway.server.webflux.enabled=false"));
        if (seed != null) {
            props.add("memberlist.join.seeds=" + seed);
            props.add("memberlist.join.fail-fast=true");
            // A seed that is still starting on two busy cores may miss one attempt: retry before failing.
            props.add("memberlist.join.retry.max-attempts=5");
            props.add("memberlist.join.retry.interval=1s");
        }
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ClusterTestApplication.class)
                .properties(props.toArray(String[]::new)).run();
        apps.add(ctx);
        return ctx;
    }

    private static Memberlist memberlist(ConfigurableApplicationContext ctx) {
        return ctx.getBean(Memberlist.class);
    }

    /**
     * A protocol bound as a wall-clock wait on two busy cores: tripled (timers fire late when builds share
     * the cores) plus 3 s (a GC pause, a descheduled JVM). Still breaks when the protocol is late by a factor.
     */
    private static Duration onBusyMachine(Duration protocolBound) {
        return protocolBound.multipliedBy(3).plusSeconds(3);
    }

    /** The gossip rounds a broadcast is retransmitted for, as time: by then every node has heard it. */
    private static Duration gossipSpread(ConfigurableApplicationContext ctx) {
        Config c = memberlist(ctx).config();
        return c.gossipInterval().multipliedBy(Timing.retransmitLimit(c.retransmitMult(), memberlist(ctx).numMembers()));
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
    void everyNode_discoversAllThreeInstancesWithTheirRealPorts() {
        for (ConfigurableApplicationContext ctx : List.of(n1, n2, n3)) {
            assertThat(instances(ctx)).containsExactly("n1", "n2", "n3");
        }
        ServiceInstance i3 = n1.getBean(DiscoveryClient.class).getInstances("orders").stream()
                .filter(i -> i.getInstanceId().equals("n3")).findFirst().orElseThrow();
        assertThat(i3.getPort()).isEqualTo(port(n3));
        assertThat(i3.getHost()).isEqualTo("127.0.0.1");
        assertThat(n1.getBean(DiscoveryClient.class).getServices()).contains("orders");
    }

    @Test
    void loadBalancedCalls_reachEveryInstance() {
        RestClient client = n1.getBean(RestClient.Builder.class).build();
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            answers.add(client.get().uri("http://orders/hello").retrieve().body(String.class));
        }
        assertThat(answers).containsExactlyInAnyOrder("n1", "n2", "n3");
    }

    @Test
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
    void heartbeats_onlyOnRealChange_andOutOfServiceIsGossiped() throws Exception {
        List<ConfigurableApplicationContext> pair = startCluster("s", 2);
        try {
            ConfigurableApplicationContext observer = pair.get(0);
            ConfigurableApplicationContext changer = pair.get(1);
            ClusterTestApplication.EventLog log = events(observer);
            Duration heartbeatInterval = Duration.ofMillis(200); // memberlist.events.heartbeat-min-interval
            Duration gossip = onBusyMachine(gossipSpread(observer));
            // Quiet: no heartbeat for two intervals once the joins' last one is out.
            await().atMost(onBusyMachine(heartbeatInterval.multipliedBy(10))).until(() -> {
                List<Long> before = log.heartbeats();
                Thread.sleep(heartbeatInterval.multipliedBy(2).toMillis());
                return log.heartbeats().equals(before);
            });
            List<Long> quiet = log.heartbeats();
            Thread.sleep(1500); // probes and gossip keep running: no membership change, so no heartbeat
            assertThat(log.heartbeats()).isEqualTo(quiet);

            assertThat(post(changer, "/actuator/serviceregistry", "{\"status\":\"OUT_OF_SERVICE\"}"))
                    .isBetween(200, 204);
            await().atMost(gossip).until(() -> instances(observer).equals(List.of("s1")));
            await().atMost(onBusyMachine(heartbeatInterval)).until(() -> log.heartbeats().size() > quiet.size());
            assertThat(log.heartbeats().get(log.heartbeats().size() - 1)).isGreaterThan(quiet.isEmpty() ? 0
                    : quiet.get(quiet.size() - 1));

            assertThat(post(changer, "/actuator/serviceregistry", "{\"status\":\"UP\"}")).isBetween(200, 204);
            await().atMost(gossip).until(() -> instances(observer).equals(List.of("s1", "s2")));
        } finally {
            close(pair);
        }
    }

    @Test
    void crashedNode_isDeclaredDeadWithinTheDetectionTime() throws Exception {
        List<ConfigurableApplicationContext> trio = startCluster("c", 3);
        try {
            ConfigurableApplicationContext observer = trio.get(0);
            ConfigurableApplicationContext victim = trio.get(1);
            // The endpoint's worst case for this cluster: a full probe round plus the maximum suspicion.
            Duration worstCase = Duration.parse(get(observer, "/actuator/memberlist").get("failureDetection")
                    .get("worstCase").asString());
            Duration bound = onBusyMachine(worstCase.plus(gossipSpread(observer)));
            long start = System.nanoTime();
            memberlist(victim).shutdown(); // no leave: looks like kill -9 to the others

            await().atMost(bound).until(() -> !instances(observer).contains("c2"));
            System.out.printf("crash of c2 seen by c1 after %d ms (worst case %d ms, bound %d ms)%n",
                    (System.nanoTime() - start) / 1_000_000, worstCase.toMillis(), bound.toMillis());
            // Discovery reads the member list; the event follows on the bridge's own thread.
            await().atMost(onBusyMachine(Duration.ZERO)).until(() -> events(observer).events.stream()
                    .anyMatch(e -> e instanceof MemberLeftEvent l && l.getNode().name().equals("c2")
                            && l.getReason() == NodeState.DEAD));
        } finally {
            close(trio);
        }
    }

    @Test
    void gracefulShutdown_removesTheInstanceWithinTheGossipSpread() {
        List<ConfigurableApplicationContext> pair = startCluster("g", 2);
        try {
            ConfigurableApplicationContext observer = pair.get(0);
            ConfigurableApplicationContext leaver = pair.get(1);
            // Closing leaves first and gossips it; the observer must hear it long before a probe could
            // find the node gone (which would make it DEAD, not LEFT).
            Duration bound = onBusyMachine(gossipSpread(observer));
            long start = System.nanoTime();
            leaver.close();
            await().atMost(bound).until(() -> !instances(observer).contains("g2"));
            System.out.printf("leave of g2 seen by g1 after %d ms (bound %d ms)%n",
                    (System.nanoTime() - start) / 1_000_000, bound.toMillis());
            await().atMost(onBusyMachine(Duration.ZERO)).until(() -> events(observer).events.stream()
                    .anyMatch(e -> e instanceof MemberLeftEvent l && l.getNode().name().equals("g2")));
            assertThat(events(observer).events).anyMatch(e -> e instanceof MemberLeftEvent l
                    && l.getNode().name().equals("g2") && l.getReason() == NodeState.LEFT);
            RestClient client = observer.getBean(RestClient.Builder.class).build();
            for (int i = 0; i < 3; i++) {
                assertThat(client.get().uri("http://orders/hello").retrieve().body(String.class)).isEqualTo("g1");
            }
        } finally {
            close(pair);
        }
    }
}
