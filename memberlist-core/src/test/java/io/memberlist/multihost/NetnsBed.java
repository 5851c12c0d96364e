package io.memberlist.multihost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A set of "hosts" on one machine: network namespaces {@code ns1..nsN} with the addresses {@code prefix.1 ..
 * prefix.N} on one bridge, all inside a network and mount namespace of the bed's own, made by the supervisor
 * script {@code netns-bed.sh} under {@code unshare -n -m}. Nothing in the bed has a route out, and nothing of it
 * is visible outside: the host's network and {@code /run/netns} are untouched.
 *
 * <p>Commands run in a host through {@code nsenter} into the supervisor's namespaces and {@code ip netns exec}.
 * Teardown does not depend on this JVM: the supervisor ends when its stdin closes (this JVM exited, however) or
 * after its maximum lifetime, killing whatever still runs in its hosts; nodes end when their stdin closes too.
 */
public final class NetnsBed implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    /** A safety net only: a bed nobody closed (this JVM hung) still goes away after this long. */
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(20);

    private final String prefix;
    private final int hosts;
    private final Process supervisor;
    private final long supervisorPid;
    private final Path logs;

    private NetnsBed(String prefix, int hosts, Process supervisor, long supervisorPid, Path logs) {
        this.prefix = prefix;
        this.hosts = hosts;
        this.supervisor = supervisor;
        this.supervisorPid = supervisorPid;
        this.logs = logs;
    }

    /**
     * Creates {@code hosts} hosts with addresses {@code prefix.1..} (e.g. prefix {@code 10.77.1}); the bed
     * tears itself down after 20 minutes even if nobody closes it. Logs go to {@code target/multihost/<label>/}.
     */
    public static NetnsBed start(String label, String prefix, int hosts) {
        Netns.requireAvailable();
        try {
            Path logs = Files.createDirectories(Path.of("target", "multihost", label)).toAbsolutePath();
            Path script = logs.resolve("netns-bed.sh");
            try (InputStream in = NetnsBed.class.getResourceAsStream("netns-bed.sh")) {
                Files.write(script, in.readAllBytes());
            }
            long max = MAX_LIFETIME.toSeconds();
            Process p = new ProcessBuilder(Netns.tool("timeout"), "--kill-after=10", Long.toString(max + 30),
                    Netns.tool("unshare"), "-n", "-m", "--propagation", "private",
                    "bash", script.toString(), Integer.toString(hosts), prefix, Long.toString(max))
                    .redirectError(logs.resolve("supervisor.log").toFile()).start();
            long pid = awaitReady(p, logs);
            return new NetnsBed(prefix, hosts, p, pid, logs);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the netns bed " + label, e);
        }
    }

    /** The private IPv4 address of host {@code k} (1-based). */
    public String address(int k) {
        checkHost(k);
        return prefix + "." + k;
    }

    public int hosts() {
        return hosts;
    }

    public Path logDirectory() {
        return logs;
    }

    /** The command line that runs {@code command} inside host {@code k}. */
    public List<String> command(int k, List<String> command) {
        checkHost(k);
        List<String> full = new ArrayList<>(List.of(Netns.tool("nsenter"), "-t", Long.toString(supervisorPid),
                "-n", "-m", Netns.tool("ip"), "netns", "exec", "ns" + k));
        full.addAll(command);
        return full;
    }

    /**
     * Runs {@code command} in host {@code k} and returns its stdout.
     *
     * @throws IllegalStateException if it fails or takes longer than 20 s, with its output
     */
    public String run(int k, String... command) {
        try {
            Process p = new ProcessBuilder(command(k, List.of(command))).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out in host " + k + ": " + String.join(" ", command));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + " in host " + k + ": "
                        + String.join(" ", command) + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run in host " + k + ": " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Ends the supervisor, which kills everything still running in the bed's hosts. */
    @Override
    public void close() {
        try {
            supervisor.getOutputStream().close();
            if (!supervisor.waitFor(15, TimeUnit.SECONDS)) {
                supervisor.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            supervisor.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkHost(int k) {
        if (k < 1 || k > hosts) {
            throw new IllegalArgumentException("host " + k + " is not in 1.." + hosts);
        }
    }

    private static long awaitReady(Process p, Path logs) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException ignored) {
                // the bed came up; nothing to watch
            }
        }, "netns-bed-setup-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        String line = out.readLine();
        watchdog.interrupt();
        if (line == null || !line.startsWith("READY ")) {
            p.destroyForcibly();
            throw new IllegalStateException("the netns bed did not come up (got " + line + "); see "
                    + logs.resolve("supervisor.log") + ":\n" + Files.readString(logs.resolve("supervisor.log")));
        }
        return Long.parseLong(line.substring("READY ".length()).trim());
    }
}
