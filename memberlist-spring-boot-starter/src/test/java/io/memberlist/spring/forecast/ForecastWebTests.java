package io.memberlist.spring.forecast;

import io.memberlist.spring.cluster.ClusterTestApplication;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The forecast over HTTP: the JSON a browser or {@code curl} gets (Boot's own Jackson 3), and the refusals. */
class ForecastWebTests {
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<ConfigurableApplicationContext> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(ConfigurableApplicationContext::close);
    }

    private int start(String exposure) {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ClusterTestApplication.class)
                .properties("spring.application.name=orders", "server.port=0", "memberlist.node-name=forecaster",
                        "memberlist.bind-address=127.0.0.1", "memberlist.bind-port=0", "memberlist.profile=local",
                        "management.endpoints.web.exposure.include=" + exposure, "spring.main.banner-mode=off",
                        "spring.cloud.gateway.server.webflux.enabled=false").run();
        open.add(ctx);
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void exposed_answersTheForecastAsJson_withWhatIfsAndReasons() throws Exception {
        int port = start("health,memberlist,memberlistforecast");

        HttpResponse<String> response = get(port, "/actuator/memberlistforecast");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        JsonNode f = json.readTree(response.body());
        assertThat(f.get("nodes").asInt()).as("a lone node is forecast as a pair").isEqualTo(2);
        JsonNode dead = f.get("crash").get("deadEverywhere");
        assertThat(dead.get("p50").isNumber()).isTrue();
        assertThat(dead.get("p99").asDouble()).isGreaterThanOrEqualTo(dead.get("p50").asDouble());
        assertThat(dead.get("reached").asInt()).isEqualTo(dead.get("expected").asInt());
        assertThat(f.get("crash").get("deadAfterS").isArray()).isTrue();
        assertThat(f.get("crash").get("deadAfterS").size()).isEqualTo(dead.get("reached").asInt());
        assertThat(f.get("crash").get("firstSuspicion").get("p50").isNumber()).isTrue();
        assertThat(f.get("leave").get("left").get("p99").isNumber()).isTrue();
        assertThat(f.get("join").get("p99").isNumber()).isTrue();
        assertThat(f.get("traffic").get("bytesPerNodePerS").asDouble()).isPositive();
        assertThat(f.get("traffic").get("packetsPerNodePerS").asDouble()).isPositive();
        assertThat(f.get("falseAlarms").get("suspicionsPerNodeHour").isNumber()).isTrue();
        assertThat(f.get("falseAlarms").get("deathsPerNodeHour").isNumber()).isTrue();
        assertThat(f.get("cost").get("wallSeconds").isNumber()).isTrue();

        JsonNode whatIf = json.readTree(get(port, "/actuator/memberlistforecast?nodes=4&loss=0.02&latency=5").body());
        assertThat(whatIf.get("nodes").asInt()).isEqualTo(4);
        assertThat(whatIf.get("crash").get("deadEverywhere").get("expected").asInt()).as("3 watchers per crash")
                .isEqualTo(3 * whatIf.get("crash").get("trials").asInt());

        HttpResponse<String> invalid = get(port, "/actuator/memberlistforecast?loss=0.9");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json.readTree(invalid.body()).get("message").asString()).contains("loss", "0.9");
        HttpResponse<String> tooBig = get(port, "/actuator/memberlistforecast?nodes=5000");
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tooBig.body()).get("message").asString()).contains("exceeds the budget");
    }

    @Test
    void notExposed_404() throws Exception {
        int port = start("health,memberlist");
        assertThat(get(port, "/actuator/memberlistforecast").statusCode()).isEqualTo(404);
    }
}
