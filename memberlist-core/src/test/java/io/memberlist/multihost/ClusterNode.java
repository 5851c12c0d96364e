package io.memberlist.multihost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The test's handle on one {@link NodeMain} running in a host namespace of a {@link NetnsBed}: starts the JVM
 * there (small: the bed runs many), and keeps what it reports — its latest view and every membership event.
 * Closing it closes the node's stdin, which ends the node; a node that lingers is killed.
 */
public final class ClusterNode implements AutoCloseable {
    /** A member as this node sees it: its state and address ({@code ip:port}) and the IP's byte length. */
    public record Member(String state, String address, int ipBytes) {
    }

    /** A membership event this node's EventDelegate received, stamped with the node's wall clock. */
    public record Event(long epochMillis, String kind, String name, String state, String address) {
    }

    private static final List<String> SMALL_JVM = List.of("-Xmx64m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xshare:auto",
            "-Dorg.slf4j.simpleLogger.showDateTime=true");

    private final String name;
    private final int host;
    private final Process process;
    private final List<Event> events = new ArrayList<>();
    private volatile Map<String, Member> view = Map.of();
    private volatile long suspicions;
    private volatile String advertised;

    private ClusterNode(String name, int host, Process process, Path transcript) {
        this.name = name;
        this.host = host;
        this.process = process;
        Thread reader = new Thread(() -> readStdout(transcript), "multihost-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts node {@code name} in host {@code host} of {@code bed}, bound to every interface on {@code port}.
     * Its log (stderr) goes to {@code <bed logs>/<name>.log}, a copy of what it reports to {@code <name>.out}.
     */
    public static ClusterNode start(NetnsBed bed, int host, String name, int port, List<String> seeds,
                                    Duration rejoinInterval) {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(SMALL_JVM);
        java.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeMain.class.getName(), name,
                "0.0.0.0", Integer.toString(port), Long.toString(rejoinInterval.toMillis()),
                seeds.isEmpty() ? "-" : String.join(",", seeds)));
        try {
            Path log = bed.logDirectory().resolve(name + ".log");
            Process p = new ProcessBuilder(bed.command(host, java))
                    .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
            return new ClusterNode(name, host, p, bed.logDirectory().resolve(name + ".out"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node " + name + " in host " + host, e);
        }
    }

    public String name() {
        return name;
    }

    public int host() {
        return host;
    }

    /** The {@code ip:port} the node advertises, once it printed READY; else null. */
    public String advertised() {
        return advertised;
    }

    /** The members (alive or suspect) this node reported last, by name. */
    public Map<String, Member> view() {
        return view;
    }

    /** How many probe rounds of this node ended in a suspicion (its Stats.probeFailures), as last reported. */
    public long suspicions() {
        return suspicions;
    }

    /** Every membership event so far, oldest first. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Whether this node's view lists exactly {@code names}, all ALIVE. */
    public boolean seesAlive(java.util.Collection<String> names) {
        Map<String, Member> v = view;
        return v.size() == names.size() && names.stream().allMatch(n -> v.containsKey(n)
                && "ALIVE".equals(v.get(n).state()));
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + "@host" + host + (process.isAlive() ? "" : " (exited)") + " view " + view.keySet();
    }

    private void readStdout(Path transcript) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer copy = Files.newBufferedWriter(transcript, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                accept(line.split(" "));
                copy.write(line);
                copy.write('\n');
                copy.flush();
            }
        } catch (IOException e) {
            // the node is gone; isRunning() says so
        }
    }

    private void accept(String[] f) {
        switch (f[0]) {
            case "READY" -> advertised = f[1];
            case "EVENT" -> {
                synchronized (events) {
                    events.add(new Event(Long.parseLong(f[1]), f[2], f[3], f[4], f[5]));
                }
            }
            case "VIEW" -> {
                Map<String, Member> members = new LinkedHashMap<>();
                for (int i = 3; i < f.length; i++) {
                    String[] nameRest = f[i].split("=", 2);
                    String[] stateRest = nameRest[1].split("@", 2);
                    int slash = stateRest[1].lastIndexOf('/');
                    members.put(nameRest[0], new Member(stateRest[0], stateRest[1].substring(0, slash),
                            Integer.parseInt(stateRest[1].substring(slash + 1))));
                }
                suspicions = Long.parseLong(f[2]);
                view = Map.copyOf(members);
            }
            default -> {
                // a stray line (e.g. a JVM warning on stdout) carries no state
            }
        }
    }
}
