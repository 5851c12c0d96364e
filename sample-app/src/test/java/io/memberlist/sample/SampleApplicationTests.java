package io.memberlist.sample;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample starts as a cluster of one on free ports and serves its endpoints. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"memberlist.bind-port=0", "memberlist.node-name=sample-1"})
class SampleApplicationTests {
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
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
}
