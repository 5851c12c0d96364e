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

/**
 * One instance told to wait for three voters: its raft group cannot form, and the counter says so with a 503 and
 * the reason (the caller can wait it out), not a 500 with a stack trace. {@code /leader} still answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"memberlist.bind-port=0", "memberlist.node-name=alone", "memberlist.raft.voters=3",
            "memberlist.raft.storage-dir=target/raft-tests/alone-${random.uuid}"})
class SampleWithoutRaftGroupTests {
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void counter_answers503WithTheReason_whileTheGroupIsNotFormed() throws Exception {
        for (String[] call : new String[][]{{"GET", "/counter"}, {"GET", "/counter?consistency=linearizable"},
            {"POST", "/counter"}}) {
            HttpResponse<String> r = send(call[0], call[1]);
            assertThat(r.statusCode()).as(String.join(" ", call) + " -> " + r.body()).isEqualTo(503);
            assertThat(json.readTree(r.body()).get("error").asString()).contains("not formed yet");
        }
    }

    @Test
    void counter_rejectsAnUnknownConsistency() throws Exception {
        HttpResponse<String> r = send("GET", "/counter?consistency=eventual");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("sequential (default) or linearizable");
    }

    @Test
    void leader_showsTheGroupUnformed() throws Exception {
        HttpResponse<String> r = send("GET", "/leader");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode leader = json.readTree(r.body());
        assertThat(leader.get("role").asString()).isEqualTo("UNFORMED");
        assertThat(leader.get("iLead").asBoolean()).isFalse();
        assertThat(leader.get("leader").isNull()).isTrue();
    }
}
