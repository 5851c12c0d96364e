package io.memberlist.sample;

import io.memberlist.Memberlist;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** With memberlist off, the sample still starts: no node, no discovery pages, the rest of the app serves. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "memberlist.enabled=false")
class SampleWithoutMemberlistTests {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

    private int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void startsWithoutANode_healthServes_discoveryPagesAreGone() throws Exception {
        assertThat(context.getBeanNamesForType(Memberlist.class)).isEmpty();
        assertThat(status("/actuator/health")).isEqualTo(200);
        assertThat(status("/members")).isEqualTo(404);
    }
}
