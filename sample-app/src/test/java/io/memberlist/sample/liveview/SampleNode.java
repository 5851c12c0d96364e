package io.memberlist.sample.liveview;

import io.memberlist.sample.SampleApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The sample application in a child JVM of its own, so that {@link #kill()} is a real crash (SIGKILL: no
 * leave, no shutdown hook) and {@link #stop()} a real graceful stop (SIGTERM: Spring's shutdown hook leaves
 * the cluster). Output goes to {@code target/liveview/<name>.log}.
 */
final class SampleNode implements AutoCloseable {
    static final Path OUTPUT = Paths.get("target", "liveview");

    final String name;
    final int httpPort;
    final int gossipPort;
    private final List<String> extraArgs;
    private Process process;

    SampleNode(String name, List<String> extraArgs) {
        this.name = name;
        this.httpPort = freePort();
        this.gossipPort = freePort();
        this.extraArgs = extraArgs;
    }

    /** Launches the JVM; returns at once (see {@link #awaitHealthy}). */
    SampleNode start(String... seeds) {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), SampleApplication.class.getName(),
                "--server.port=" + httpPort, "--memberlist.bind-port=" + gossipPort, "--memberlist.node-name=" + name,
                "--spring.main.banner-mode=off",
                // Fresh raft storage per run: the sample keeps a named node's raft state across runs, and a node
                // recovering another run's group (its voters, its stored port) is not what these tests are about.
                "--memberlist.raft.storage-dir=" + OUTPUT.resolve("raft").resolve(name + "-" + UUID.randomUUID())
                        .toAbsolutePath()));
        if (seeds.length > 0) {
            cmd.add("--memberlist.join.seeds=" + String.join(",", seeds));
        }
        cmd.addAll(extraArgs);
        try {
            Files.createDirectories(OUTPUT);
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(OUTPUT.resolve(name + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String seed() {
        return "127.0.0.1:" + gossipPort;
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** True once {@code /actuator/health} answers; throws when the process died. */
    boolean healthy(HttpClient http) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see "
                    + OUTPUT.resolve(name + ".log"));
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health"))).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A crash: SIGKILL, nothing runs in the node any more. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** A graceful stop: SIGTERM, so Spring's shutdown hook leaves the cluster first. */
    void stop() {
        process.destroy();
    }

    boolean exited(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** A port free for TCP and UDP on loopback right now (memberlist binds both). */
    private static int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException e) {
                // the UDP side was taken; try another
            }
        }
        throw new IllegalStateException("no free loopback port for both TCP and UDP");
    }
}
