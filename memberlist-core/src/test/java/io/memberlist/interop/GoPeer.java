package io.memberlist.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HashiCorp memberlist (v0.2.2) node in a child process, driven through the line protocol of
 * {@code src/test/go/memberlist-peer/main.go}: commands go to its stdin, one JSON event per line comes back.
 *
 * <p>Every event the peer prints is kept (in order) and can be awaited; a command waits for the first reply
 * carrying its verb in {@code "cmd"}, and a reply {@code {"event":"error"}} becomes a {@link GoPeerException}.
 * stderr (memberlist's log) goes to {@code target/go-peer/logs/<name>.log}; its tail is added to failures.
 *
 * <p>{@link #close()} asks the peer to shut down and kills it if it does not; {@link #crash()} kills it at
 * once (SIGKILL), so the cluster must detect the failure by probing. Not thread-safe for concurrent commands.
 */
final class GoPeer implements AutoCloseable {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int STDERR_TAIL_LINES = 60;

    private final Process process;
    private final Writer stdin;
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Map<String, Object> ready;
    private boolean stdoutClosed;

    private GoPeer(Process process, String name, Path log) throws IOException {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("go-peer-" + name + "-stdout", this::readStdout).start();
        daemon("go-peer-" + name + "-stderr", () -> readStderr(log)).start();
        ready = awaitEvent(e -> "ready".equals(e.get("event")), DEFAULT_TIMEOUT, "the ready line");
    }

    /** Starts configuring a peer named {@code name}; defaults: 127.0.0.1, ephemeral port, profile local. */
    static Builder builder(String name) {
        return new Builder(name);
    }

    /** Starts a peer with all defaults. */
    static GoPeer start(String name) {
        return builder(name).start();
    }

    // ---- identity -----------------------------------------------------------------------------------------

    String name() {
        return (String) ready.get("name");
    }

    /** The advertised IP, as Go prints it. */
    String addr() {
        return (String) ready.get("addr");
    }

    /** The bound (and advertised) port. */
    int port() {
        return ((Long) ready.get("port")).intValue();
    }

    /** {@code host:port} for {@code join}. */
    String address() {
        String addr = addr();
        return (addr.indexOf(':') >= 0 ? "[" + addr + "]" : addr) + ":" + port();
    }

    /** The ready event: name, addr, addrBytes (4 or 16), port, internals, pid. */
    Map<String, Object> ready() {
        return ready;
    }

    // ---- commands -----------------------------------------------------------------------------------------

    /**
     * Sends one command line and waits for the reply carrying its verb.
     *
     * @throws GoPeerException if the peer answers with an error event
     */
    Map<String, Object> request(String line, Duration timeout) {
        String verb = line.strip().split(" ", 2)[0];
        int mark = mark();
        send(line);
        Map<String, Object> reply = awaitEventAfter(mark, e -> verb.equals(e.get("cmd")), timeout,
                "a reply to '" + line + "'");
        if ("error".equals(reply.get("event"))) {
            throw new GoPeerException(name() + ": '" + line + "' failed: " + reply.get("error"));
        }
        return reply;
    }

    /** Joins the given {@code host:port} seeds; returns how many answered. */
    int join(String... seeds) {
        Map<String, Object> reply = request("join " + String.join(",", seeds), DEFAULT_TIMEOUT);
        return ((Long) reply.get("count")).intValue();
    }

    /**
     * Every node this peer knows, including suspect, dead and left ones (read from memberlist's internal
     * table; each map has name, addr, addrBytes, addrHex, port, meta, state, incarnation, vsn).
     */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members() {
        return (List<Map<String, Object>>) request("members", DEFAULT_TIMEOUT).get("members");
    }

    /** What {@code Memberlist.Members()} returns: live nodes only (not dead, not left). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> liveMembers() {
        Object members = request("live-members", DEFAULT_TIMEOUT).get("members");
        return members == null ? List.of() : (List<Map<String, Object>>) members;
    }

    /** The node named {@code name} as this peer sees it, if known. */
    Optional<Map<String, Object>> member(String name) {
        return members().stream().filter(m -> name.equals(m.get("name"))).findFirst();
    }

    /** Sets new meta and gossips it (UpdateNode). */
    void updateMeta(String meta) {
        request("meta " + meta, DEFAULT_TIMEOUT);
    }

    /** SendReliable: a user message over TCP to a live member. */
    void sendReliable(String node, String text) {
        request("send-reliable " + node + " " + text, DEFAULT_TIMEOUT);
    }

    /** SendBestEffort: a user message in one UDP packet to a live member. */
    void sendBestEffort(String node, String text) {
        request("send-best-effort " + node + " " + text, DEFAULT_TIMEOUT);
    }

    /** Queues a user broadcast, piggybacked on gossip (receivers may see it more than once). */
    void broadcast(String text) {
        request("broadcast " + text, DEFAULT_TIMEOUT);
    }

    /** Leave: broadcasts its own death and waits up to {@code timeout} for it to spread. */
    void leave(Duration timeout) {
        request("leave " + timeout.toMillis(), timeout.plus(DEFAULT_TIMEOUT));
    }

    /** Writes a raw command line without waiting for anything. */
    void send(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a command is one line");
        }
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new GoPeerException(name() + ": cannot send '" + line + "': peer gone?" + diagnostics(), e);
        }
    }

    // ---- events -------------------------------------------------------------------------------------------

    /** A snapshot of every event received so far, oldest first. */
    List<Map<String, Object>> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The number of events received so far; pass it to {@link #awaitEventAfter} to ignore older ones. */
    int mark() {
        synchronized (events) {
            return events.size();
        }
    }

    /** Waits for an event named {@code event} (any time since start) matching {@code filter}. */
    Map<String, Object> awaitEvent(String event, Predicate<Map<String, Object>> filter, Duration timeout) {
        return awaitEventAfter(0, e -> event.equals(e.get("event")) && filter.test(e), timeout,
                "event '" + event + "'");
    }

    Map<String, Object> awaitEvent(Predicate<Map<String, Object>> filter, Duration timeout, String what) {
        return awaitEventAfter(0, filter, timeout, what);
    }

    /** Waits for the first event at index {@code >= mark} matching {@code filter}. */
    Map<String, Object> awaitEventAfter(int mark, Predicate<Map<String, Object>> filter, Duration timeout,
            String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = mark;
        synchronized (events) {
            while (true) {
                for (; next < events.size(); next++) {
                    if (filter.test(events.get(next))) {
                        return events.get(next);
                    }
                }
                long left = deadline - System.nanoTime();
                if (stdoutClosed || left <= 0) {
                    String why = stdoutClosed ? "peer exited" : "timed out after " + timeout;
                    throw new GoPeerException(nameOrUnknown() + ": waiting for " + what + ": " + why
                            + diagnostics());
                }
                try {
                    events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GoPeerException("interrupted waiting for " + what, e);
                }
            }
        }
    }

    /** Polls {@link #liveMembers()} until it has {@code count} nodes. */
    void awaitLiveMembers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Map<String, Object>> live = liveMembers();
        while (live.size() != count) {
            if (System.nanoTime() > deadline) {
                throw new GoPeerException(name() + ": expected " + count + " live members, have " + live
                        + diagnostics());
            }
            sleep(Duration.ofMillis(50));
            live = liveMembers();
        }
    }

    /** Polls {@link #member(String)} until the node is known in {@code state}. */
    Map<String, Object> awaitMemberState(String node, String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Map<String, Object>> m = member(node);
            if (m.isPresent() && state.equals(m.get().get("state"))) {
                return m.get();
            }
            if (System.nanoTime() > deadline) {
                throw new GoPeerException(name() + ": expected " + node + " to be " + state + ", got " + m
                        + diagnostics());
            }
            sleep(Duration.ofMillis(50));
        }
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Kills the process without any goodbye (SIGKILL), as a crash. */
    void crash() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(5));
    }

    /** Sends {@code shutdown} (no leave message) and waits; kills the process if it lingers. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                send("shutdown");
            } catch (GoPeerException ignored) {
                // already gone
            }
            if (!waitForExit(Duration.ofSeconds(3))) {
                process.destroyForcibly();
                waitForExit(Duration.ofSeconds(5));
            }
        }
    }

    /** The last lines of the peer's stderr (memberlist's log), for failure messages. */
    String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    @Override
    public String toString() {
        return "GoPeer[" + nameOrUnknown() + " pid " + process.pid() + (process.isAlive() ? "" : " exited") + "]";
    }

    private String diagnostics() {
        String exit = process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
        return exit + "\n--- last events ---\n" + lastEvents(10) + "\n--- stderr tail ---\n" + stderrTail();
    }

    private String lastEvents(int n) {
        synchronized (events) {
            return String.join("\n", events.subList(Math.max(0, events.size() - n), events.size()).stream()
                    .map(Object::toString).toList());
        }
    }

    private String nameOrUnknown() {
        return ready == null ? "go-peer" : name();
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> event;
                try {
                    event = Json.parseObject(line);
                } catch (IllegalArgumentException e) {
                    event = Map.of("event", "raw", "line", line);
                }
                synchronized (events) {
                    events.add(event);
                    events.notifyAll();
                }
            }
        } catch (IOException e) {
            // stream closed: the process is gone
        } finally {
            synchronized (events) {
                stdoutClosed = true;
                events.notifyAll();
            }
        }
    }

    private void readStderr(Path log) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                file.write(line);
                file.write('\n');
                file.flush();
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // stream closed
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoPeerException("interrupted", e);
        }
    }

    /** A command failed or an awaited event did not come; the message carries recent events and stderr. */
    static final class GoPeerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GoPeerException(String message) {
            super(message);
        }

        GoPeerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Flags of the peer process; unset values keep the Go profile's defaults. */
    static final class Builder {
        private final String name;
        private final List<String> args = new ArrayList<>();
        private String bind = "127.0.0.1";
        private int port;
        private String profile = "local";
        private java.util.function.UnaryOperator<List<String>> launcher = c -> c;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        Builder bind(String ip) {
            this.bind = ip;
            return this;
        }

        /** 0 (default) = ephemeral. */
        Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Rewrites the command line, e.g. to run the peer in another network namespace (default: as is). */
        Builder launcher(java.util.function.UnaryOperator<List<String>> launcher) {
            this.launcher = Objects.requireNonNull(launcher, "launcher");
            return this;
        }

        /** lan, wan or local (default local: fast probes for tests). */
        Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        /** Enables encryption with this AES key as the primary (SecretKey). */
        Builder key(byte[] key) {
            return flag("key", Base64.getEncoder().encodeToString(key));
        }

        Builder compression(boolean enabled) {
            return flag("compression", Boolean.toString(enabled));
        }

        Builder meta(String meta) {
            return flag("meta", meta);
        }

        /** The LocalState this peer sends in push/pull (delivered to the other side's MergeRemoteState). */
        Builder state(String state) {
            return flag("state", state);
        }

        Builder tcpTimeout(Duration timeout) {
            return duration("tcp-timeout", timeout);
        }

        Builder probeInterval(Duration interval) {
            return duration("probe-interval", interval);
        }

        Builder probeTimeout(Duration timeout) {
            return duration("probe-timeout", timeout);
        }

        Builder gossipInterval(Duration interval) {
            return duration("gossip-interval", interval);
        }

        Builder protocolVersion(int version) {
            return flag("protocol-version", Integer.toString(version));
        }

        /** Discards memberlist's log instead of writing it to the log file. */
        Builder quiet() {
            return flag("quiet", "true");
        }

        Builder duration(String flag, Duration d) {
            return flag(flag, d.toMillis() + "ms");
        }

        /** Any other flag of main.go, e.g. {@code flag("suspicion-mult", "2")}. */
        Builder flag(String flag, String value) {
            args.add("-" + flag + "=" + value);
            return this;
        }

        GoPeer start() {
            Path binary = GoToolchain.peerBinary();
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-name", name, "-bind", bind,
                    "-port", Integer.toString(port), "-profile", profile));
            command.addAll(args);
            Process process = null;
            try {
                Path logs = Files.createDirectories(binary.getParent().resolve("logs"));
                process = new ProcessBuilder(launcher.apply(command)).start();
                return new GoPeer(process, name, logs.resolve(name + "-" + process.pid() + ".log"));
            } catch (IOException | RuntimeException e) {
                if (process != null) {
                    process.destroyForcibly();
                }
                throw new GoPeerException("cannot start Go peer " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
