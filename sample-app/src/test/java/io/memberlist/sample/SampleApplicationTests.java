package io.memberlist.sample;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample starts as a cluster of one on free ports and serves its endpoints; its raft group of one voter
 * forms alone. Raft storage is fresh per run under target/ (the node name is fixed, and the application's
 * default keeps a named node's raft state across runs).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"memberlist.bind-port=0", "memberlist.node-name=sample-1",
            "memberlist.raft.storage-dir=target/raft-tests/sample-1-${random.uuid}"})
class SampleApplicationTests {
    /**
     * A group of one forms after the settle time (ten gossip intervals, 2 s on the local profile) and one
     * election (1-2 s): a minute leaves room for two busy cores.
     */
    private static final Duration FORMATION = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    private String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)));
    }

    private String post(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(request.build().uri().getPath() + " -> " + r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void hello_answersWithTheNodeName() throws Exception {
        assertThat(get("/hello")).isEqualTo("sample-1");
    }

    @Test
    void members_listsThisNodeAsMemberAndInstance() throws Exception {
        JsonNode members = json.readTree(get("/members"));
        assertThat(members.get("self").asString()).isEqualTo("sample-1");
        assertThat(members.get("members").get(0).get("state").asString()).isEqualTo("ALIVE");
        assertThat(members.get("instances").get(0).get("uri").asString()).isEqualTo("http://127.0.0.1:" + port);
    }

    @Test
    void call_alone_reachesItselfThroughTheLoadBalancer() throws Exception {
        JsonNode call = json.readTree(get("/call"));
        assertThat(call.get("answeredBy").asString()).isEqualTo("sample-1");
    }

    @Test
    void actuator_showsTheClusterAndHealth() throws Exception {
        assertThat(json.readTree(get("/actuator/memberlist")).get("members").get(0).get("name").asString())
                .isEqualTo("sample-1");
        assertThat(json.readTree(get("/actuator/health")).get("components").get("memberlist").get("status")
                .asString()).isEqualTo("UP");
    }

    /** One voter: the group forms alone, so the counter counts at once, on both kinds of read. */
    @Test
    void counter_incrementsAndReadsBackAloneInAOneVoterGroup() throws Exception {
        await().atMost(FORMATION).until(() -> json.readTree(get("/leader")).get("iLead").asBoolean());
        long before = json.readTree(get("/counter?consistency=linearizable")).get("value").asLong();
        assertThat(json.readTree(post("/counter")).get("value").asLong()).isEqualTo(before + 1);
        assertThat(json.readTree(get("/counter")).get("value").asLong()).isEqualTo(before + 1);
        assertThat(json.readTree(get("/counter?consistency=linearizable")).get("value").asLong())
                .isEqualTo(before + 1);
    }

    @Test
    void leader_showsThisNodeLeadingItsGroupOfOne() throws Exception {
        await().atMost(FORMATION).until(() -> json.readTree(get("/leader")).get("iLead").asBoolean());
        JsonNode leader = json.readTree(get("/leader"));
        assertThat(leader.get("node").asString()).isEqualTo("sample-1");
        assertThat(leader.get("role").asString()).isEqualTo("LEADER");
        assertThat(leader.get("leader").asString()).isEqualTo("sample-1");
        assertThat(leader.get("voters").get(0).asString()).isEqualTo("sample-1");
        assertThat(leader.get("term").asLong()).isPositive();
    }
}
