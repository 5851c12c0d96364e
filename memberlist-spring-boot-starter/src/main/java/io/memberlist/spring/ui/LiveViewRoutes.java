package io.memberlist.spring.ui;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The live view's HTTP surface, under the actuator base path so that it shares the management port and
 * whatever secures {@code /actuator/memberlist/**}:
 * <ul>
 *   <li>{@code GET <base>/memberlist/ui}: the page; {@code ui/app.css}, {@code ui/app.js} and
 *       {@code ui/forecast.js} beside it (the Forecast panel reads {@code <base>/memberlistforecast});</li>
 *   <li>{@code GET <base>/memberlist/ui/stream}: the Server-Sent Events stream.</li>
 * </ul>
 * The files come from the starter jar ({@code META-INF/memberlist-ui/}), not from
 * {@code META-INF/resources/}, which Spring Boot would serve to anyone on the application port whether the
 * view is enabled or not.
 */
final class LiveViewRoutes {
    static final String LOCATION = "META-INF/memberlist-ui/";
    /** A stream ends after this long and the browser reconnects (fresh snapshot): no request lives forever. */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);
    /** How long a browser waits before reconnecting a dropped stream (the SSE {@code retry} field). */
    static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private LiveViewRoutes() {
    }

    /** The routes under {@code basePath} (the actuator base path, e.g. {@code /actuator}, or empty). */
    static RouterFunction<ServerResponse> routes(String basePath, LiveView view) {
        String page = basePath + "/memberlist/ui";
        String html = read("index.html");
        String css = read("app.css");
        String js = read("app.js");
        String forecastJs = read("forecast.js");
        return RouterFunctions.route()
                .GET(page, r -> file(html, MediaType.TEXT_HTML))
                .GET(page + "/", r -> ServerResponse.status(HttpStatus.FOUND).location(URI.create(page)).build())
                .GET(page + "/app.css", r -> file(css, new MediaType("text", "css", StandardCharsets.UTF_8)))
                .GET(page + "/app.js", r -> file(js, new MediaType("text", "javascript", StandardCharsets.UTF_8)))
                .GET(page + "/forecast.js",
                        r -> file(forecastJs, new MediaType("text", "javascript", StandardCharsets.UTF_8)))
                .GET(page + "/stream", r -> stream(r, view))
                .build();
    }

    private static ServerResponse file(String body, MediaType type) {
        return ServerResponse.ok().contentType(type).cacheControl(CacheControl.noCache()).body(body);
    }

    private static ServerResponse stream(ServerRequest request, LiveView view) {
        return ServerResponse.sse(sse -> {
            LiveView.Subscriber subscriber = new LiveView.Subscriber() {
                @Override
                public void send(String event, String json) throws IOException {
                    synchronized (this) {
                        sse.retry(RECONNECT_DELAY).event(event).data(json);
                    }
                }

                @Override
                public void close() {
                    sse.complete();
                }
            };
            sse.onComplete(() -> view.unsubscribe(subscriber));
            sse.onTimeout(() -> view.unsubscribe(subscriber));
            sse.onError(e -> view.unsubscribe(subscriber));
            if (!view.subscribe(subscriber)) {
                sse.error(new IllegalStateException("too many open live view streams (at most "
                        + LiveView.MAX_SUBSCRIBERS + ")"));
            }
        }, STREAM_LIFETIME);
    }

    private static String read(String name) {
        try {
            return new ClassPathResource(LOCATION + name, LiveViewRoutes.class.getClassLoader())
                    .getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the starter jar lacks " + LOCATION + name, e);
        }
    }
}
