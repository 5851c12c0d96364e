package io.memberlist.spring.ui;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.spring.cluster.ClusterTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page and the stream over HTTP: where they are served (the management server), what the stream says,
 * and that nothing is served when the view is off.
 */
class LiveViewWebTests {
    /**
     * A change must reach the stream within one check of the member snapshot plus one tick; this allows
     * for two busy cores.
     */
    private static final Duration PUSHED_WITHIN = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> props = new ArrayList<>(List.of("spring.application.name=orders", "server.port=0",
                "memberlist.node-name=viewer", "memberlist.bind-address=127.0.0.1", "memberlist.bind-port=0",
                "memberlist.profile=local", "management.endpoints.web.exposure.include=health,memberlist",
                "spring.main.banner-mode=off", "spring.cloud.gateway.server.webflux.enabled=false"));
        props.addAll(List.of(extra));
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ClusterTestApplication.class)
                .properties(props.toArray(String[]::new)).run();
        open.add(ctx);
        return ctx;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int port(ConfigurableApplicationContext ctx, String property) {
        return Integer.parseInt(ctx.getEnvironment().getProperty(property));
    }

    @Test
    void enabled_servesPageAndAssets_andStreamsSnapshotThenChanges() throws Exception {
        ConfigurableApplicationContext ctx = start("memberlist.ui.enabled=true");
        int port = port(ctx, "local.server.port");

        HttpResponse<String> page = get(port, "/actuator/memberlist/ui");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("ui/app.js", "ui/forecast.js", "ui/app.css", "id=\"forecast\"");
        assertThat(get(port, "/actuator/memberlist/ui/forecast.js").body()).contains("../memberlistforecast");
        assertThat(get(port, "/actuator/memberlist/ui/app.js").body()).contains("EventSource('ui/stream')");
        assertThat(get(port, "/actuator/memberlist/ui/app.css").statusCode()).isEqualTo(200);
        assertThat(get(port, "/actuator/memberlist/ui/").statusCode()).as("redirects to the page").isEqualTo(302);

        SseClient stream = new SseClient(http, "http://127.0.0.1:" + port + "/actuator/memberlist/ui/stream");
        open.add(stream);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        SseClient.Event snapshot = stream.next(e -> e.name().equals("snapshot"), PUSHED_WITHIN);
        assertThat(snapshot.data().get("localNode").asString()).isEqualTo("viewer");
        assertThat(snapshot.data().get("members").get(0).get("member").get("state").asString()).isEqualTo("ALIVE");
        assertThat(snapshot.data().get("failureDetection").get("expected").asString()).startsWith("PT");
        assertThat(snapshot.toString()).doesNotContain("secretKeys");

        Memberlist peer = Memberlist.create(Config.local().name("peer").bindAddress("127.0.0.1").bindPort(0).build());
        open.add(peer::shutdown);
        peer.join(List.of("127.0.0.1:" + ctx.getBean(Memberlist.class).localNode().port()));
        SseClient.Event joined = stream.next(e -> e.name().equals("timeline")
                && e.data().get("name").asString().equals("peer"), PUSHED_WITHIN);
        assertThat(joined.data().get("kind").asString()).isEqualTo("joined");
        SseClient.Event row = stream.next(e -> e.name().equals("tick") && e.data().get("clusterSize").asInt() == 2,
                PUSHED_WITHIN);
        assertThat(row.data().get("traffic")).isNotNull();

        long beforeUpdate = System.currentTimeMillis();
        peer.updateMetaAsync(new byte[] {1, 2, 3}).get(10, java.util.concurrent.TimeUnit.SECONDS);
        SseClient.Event updated = stream.next(e -> e.name().equals("timeline")
                && e.data().get("name").asString().equals("peer"), PUSHED_WITHIN);
        assertThat(updated.data().get("kind").asString()).isEqualTo("updated");
        assertThat(updated.data().get("at").asLong()).as("when it was updated, not since when it is alive")
                .isGreaterThanOrEqualTo(beforeUpdate);

        peer.leave(Duration.ofSeconds(5));
        SseClient.Event left = stream.next(e -> e.name().equals("member")
                && e.data().get("row").get("member").get("name").asString().equals("peer"), PUSHED_WITHIN);
        assertThat(left.data().get("row").get("member").get("state").asString()).isEqualTo("LEFT");
        assertThat(stream.next(e -> e.name().equals("timeline"), PUSHED_WITHIN).data().get("kind").asString())
                .isEqualTo("left");
    }

    @Test
    void separateManagementPort_servesTheViewThereOnly() throws Exception {
        ConfigurableApplicationContext ctx = start("memberlist.ui.enabled=true", "management.server.port=0");
        int app = port(ctx, "local.server.port");
        int management = port(ctx, "local.management.port");
        assertThat(management).isNotEqualTo(app);

        assertThat(get(management, "/actuator/memberlist/ui").statusCode()).isEqualTo(200);
        SseClient stream = new SseClient(http, "http://127.0.0.1:" + management + "/actuator/memberlist/ui/stream");
        open.add(stream);
        assertThat(stream.next(e -> e.name().equals("snapshot"), PUSHED_WITHIN).data().get("localNode").asString())
                .isEqualTo("viewer");
        assertThat(get(app, "/actuator/memberlist/ui").statusCode()).isEqualTo(404);
    }

    @Test
    void offByDefault_noPageNoStream() throws Exception {
        ConfigurableApplicationContext ctx = start();
        int port = port(ctx, "local.server.port");
        assertThat(get(port, "/actuator/memberlist").statusCode()).as("the endpoint itself is there").isEqualTo(200);
        assertThat(get(port, "/actuator/memberlist/ui").statusCode()).isEqualTo(404);
        assertThat(get(port, "/actuator/memberlist/ui/stream").statusCode()).isEqualTo(404);
        assertThat(get(port, "/actuator/memberlist/ui/app.js").statusCode()).isEqualTo(404);
    }
}
