package io.memberlist.multihost;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.delegate.EventDelegate;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One plain-Java memberlist node as a program, run by {@link ClusterNode} inside a host namespace. It binds the
 * given address (usually {@code 0.0.0.0}, so the node must pick its advertise address itself) with the LAN
 * profile, joins its seeds, and, like the starter's seed rejoin, every rejoin interval joins the seeds that
 * are not members (a healed partition merges only that way: neither side probes the nodes it declared dead).
 *
 * <p>It reports on stdout, one line each:
 * <pre>
 * READY &lt;advertised ip:port&gt;
 * EVENT &lt;epoch ms&gt; JOIN|LEAVE|UPDATE &lt;name&gt; &lt;state&gt; &lt;ip:port&gt;
 * VIEW &lt;epoch ms&gt; &lt;suspicions raised&gt; &lt;name&gt;=&lt;state&gt;@&lt;ip:port&gt;/&lt;ip bytes&gt; ...
 * </pre>
 * VIEW lines come when the view or the count changes (checked every 100 ms), and at least every 2 s. It exits
 * when its stdin closes, so it never outlives the test.
 *
 * <p>Arguments: {@code name bindAddress bindPort rejoinMillis seed,seed,...} (seeds may be {@code -}).
 */
public final class NodeMain {
    private static final long VIEW_POLL_MILLIS = 100;
    private static final long VIEW_REPEAT_MILLIS = 2000;
    private static final long JOIN_RETRY_MILLIS = 1000;

    private final PrintStream out;
    private final Memberlist node;
    private final List<String> seeds;
    private final AtomicBoolean joined = new AtomicBoolean();
    private final AtomicBoolean joining = new AtomicBoolean();
    private String lastView = "";
    private long lastViewMillis;

    private NodeMain(PrintStream out, Config config, List<String> seeds) {
        this.out = out;
        this.seeds = seeds;
        this.node = Memberlist.create(config.toBuilder().events(new Reporter()).build());
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: NodeMain name bindAddress bindPort rejoinMillis seed,seed,...|-");
            System.exit(2);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<String> seeds = "-".equals(args[4]) ? List.of() : Arrays.asList(args[4].split(","));
        Config config = Config.lan().name(args[0]).bindAddress(args[1]).bindPort(Integer.parseInt(args[2])).build();
        new NodeMain(out, config, seeds).run(Duration.ofMillis(Long.parseLong(args[3])), System.in);
    }

    private void run(Duration rejoin, InputStream stdin) throws IOException {
        out.println("READY " + node.localNode().address());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleWithFixedDelay(this::joinUntilOneAnswers, 0, JOIN_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::rejoinMissingSeeds, rejoin.toMillis(), rejoin.toMillis(),
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::reportView, 0, VIEW_POLL_MILLIS, TimeUnit.MILLISECONDS);
        stdin.transferTo(java.io.OutputStream.nullOutputStream());
        timer.shutdownNow();
        node.shutdown();
        System.exit(0);
    }

    /** The startup join, retried because the other hosts' JVMs start at the same time as this one. */
    private void joinUntilOneAnswers() {
        if (seeds.isEmpty() || joined.get() || !joining.compareAndSet(false, true)) {
            return;
        }
        node.joinAsync(seeds).whenComplete((n, e) -> {
            if (e == null && n > 0) {
                joined.set(true);
            }
            joining.set(false);
        });
    }

    private void rejoinMissingSeeds() {
        Set<String> members = node.members().stream().map(m -> m.address().toString()).collect(Collectors.toSet());
        List<String> missing = seeds.stream().filter(s -> !members.contains(s)).toList();
        if (joined.get() && !missing.isEmpty() && joining.compareAndSet(false, true)) {
            node.joinAsync(missing).whenComplete((n, e) -> joining.set(false));
        }
    }

    private void reportView() {
        String view = node.members().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                .map(m -> m.name() + "=" + m.state() + "@" + m.address() + "/" + m.address().ipLength())
                .collect(Collectors.joining(" "));
        String line = node.stats().probeFailures() + " " + view;
        long now = System.currentTimeMillis();
        if (!line.equals(lastView) || now - lastViewMillis >= VIEW_REPEAT_MILLIS) {
            lastView = line;
            lastViewMillis = now;
            out.println("VIEW " + now + " " + line);
        }
    }

    private final class Reporter implements EventDelegate {
        @Override
        public void notifyJoin(Node n) {
            event("JOIN", n);
        }

        @Override
        public void notifyLeave(Node n) {
            event("LEAVE", n);
        }

        @Override
        public void notifyUpdate(Node n) {
            event("UPDATE", n);
        }

        private void event(String kind, Node n) {
            out.println("EVENT " + System.currentTimeMillis() + " " + kind + " " + n.name() + " " + n.state() + " "
                    + n.address());
        }
    }
}
