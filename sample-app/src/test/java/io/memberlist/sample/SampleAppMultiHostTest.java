package io.memberlist.sample;

import io.memberlist.multihost.Cluster;
import io.memberlist.multihost.Netns;
import io.memberlist.multihost.NetnsBed;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three sample-app instances, each on a host of its own (a network namespace with a private address), started
 * as a user would: bound to every interface, seeds given by address. Asked over HTTP from inside a host, every
 * instance lists all three, each at its host's private address, as members and as discovery instances.
 */
@Tag("multihost")
class SampleAppMultiHostTest {
    private static final int HOSTS = 3;
    private static final int HTTP_PORT = 8080;
    private static final int GOSSIP_PORT = 7946;
    private static final List<String> SMALL_JVM = List.of("-Xmx192m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void requireNamespaces() {
        Netns.requireAvailable();
    }

    @Test
    void threeInstancesOnThreeHostsDiscoverEachOtherAtTheirPrivateAddresses() {
        List<Process> apps = new ArrayList<>();
        try (NetnsBed bed = NetnsBed.start("sample-app", "10.77.6", HOSTS)) {
            for (int k = 1; k <= HOSTS; k++) {
                apps.add(startApp(bed, k));
            }
            Set<String> expected = new TreeSet<>();
            IntStream.rangeClosed(1, HOSTS).forEach(k -> expected.add(bed.address(k) + ":" + GOSSIP_PORT));
            for (int k = 1; k <= HOSTS; k++) {
                String url = "http://" + bed.address(k) + ":" + HTTP_PORT;
                int from = k % HOSTS + 1;
                int app = k;
                List<String> uris = IntStream.rangeClosed(1, HOSTS)
                        .mapToObj(h -> "http://" + bed.address(h) + ":" + HTTP_PORT).toList();
                // Spring Boot startup dominates; once up, a join is one push/pull with a seed. An instance is
                // discoverable only once it registered (its status gossiped as UP), a moment after it joined.
                await().atMost(Cluster.startupAllowance()).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .untilAsserted(() -> {
                            JsonNode members = json.readTree(bed.run(from, "curl", "-sf", url + "/members"));
                            assertThat(aliveMembers(members)).isEqualTo(expected);
                            Set<String> instances = new TreeSet<>();
                            members.get("instances").forEach(i -> instances.add(i.get("uri").asString()));
                            assertThat(instances).as("discovery instances of app-%d", app)
                                    .containsExactlyInAnyOrderElementsOf(uris);
                        });
                assertThat(bed.run(from, "curl", "-sf", url + "/actuator/memberlist"))
                        .contains(bed.address(k) + ":" + GOSSIP_PORT);
            }
        } finally {
            apps.forEach(SampleAppMultiHostTest::stop);
        }
    }

    private static Set<String> aliveMembers(JsonNode body) {
        Set<String> alive = new TreeSet<>();
        body.get("members").forEach(m -> {
            if ("ALIVE".equals(m.get("state").asString())) {
                alive.add(m.get("address").asString());
            }
        });
        return alive;
    }

    private static Process startApp(NetnsBed bed, int k) {
        List<String> seeds = IntStream.rangeClosed(1, HOSTS).filter(h -> h != k)
                .mapToObj(h -> bed.address(h) + ":" + GOSSIP_PORT).toList();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SMALL_JVM);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SampleApplication.class.getName(),
                "--server.port=" + HTTP_PORT, "--spring.main.banner-mode=off", "--memberlist.profile=lan",
                "--memberlist.node-name=app-" + k, "--memberlist.bind-address=0.0.0.0",
                "--memberlist.bind-port=" + GOSSIP_PORT, "--memberlist.join.seeds=" + String.join(",", seeds),
                // Fresh raft storage per run (the sample keeps a named node's raft state across runs otherwise).
                "--memberlist.raft.storage-dir=" + bed.logDirectory().resolve("raft")
                        .resolve("app-" + k + "-" + UUID.randomUUID())));
        try {
            return new ProcessBuilder(bed.command(k, command)).redirectErrorStream(true)
                    .redirectOutput(bed.logDirectory().resolve("app-" + k + ".log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start sample-app in host " + k, e);
        }
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
