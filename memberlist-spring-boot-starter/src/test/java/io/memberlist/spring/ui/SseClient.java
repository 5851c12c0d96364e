package io.memberlist.spring.ui;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream as a browser would, one {@link Event} per blank-line-terminated block. */
final class SseClient implements AutoCloseable {
    record Event(String name, JsonNode data) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final HttpResponse<Stream<String>> opened;

    SseClient(HttpClient http, String url) throws Exception {
        response = http.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofLines());
        opened = response.get(30, TimeUnit.SECONDS);
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    int status() {
        return opened.statusCode();
    }

    String contentType() {
        return opened.headers().firstValue("Content-Type").orElse("");
    }

    private void read() {
        String[] name = {null};
        StringBuilder data = new StringBuilder();
        try {
            opened.body().forEach(line -> {
                if (line.startsWith("event:")) {
                    name[0] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                } else if (line.isEmpty() && name[0] != null) {
                    events.add(new Event(name[0], JSON.readTree(data.toString())));
                    name[0] = null;
                    data.setLength(0);
                }
            });
        } catch (RuntimeException e) {
            // the stream was closed
        }
    }

    /** The next event that matches, skipping others; fails after {@code within}. */
    Event next(Predicate<Event> wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no matching event within " + within);
            }
            if (wanted.test(e)) {
                return e;
            }
        }
    }

    @Override
    public void close() {
        opened.body().close();
    }
}
