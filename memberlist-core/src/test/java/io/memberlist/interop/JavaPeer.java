package io.memberlist.interop;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.delegate.Delegate;
import io.memberlist.delegate.EventDelegate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A Java {@link Memberlist} node on 127.0.0.1 for interop tests, mirroring {@link GoPeer}: it records user
 * messages, remote push/pull states and membership events, and can be awaited with deadlines.
 */
final class JavaPeer implements AutoCloseable {
    /** Fast failure detection shared by both sides of every interop test. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(100);
    static final Duration GOSSIP_INTERVAL = Duration.ofMillis(50);
    /**
     * The LAN value, not the local profile's 2: with 2, a broadcast reaches only two random targets per node
     * (and Go also gossips to recently dead nodes), so in a six-node cluster a node misses an alive or a leave
     * now and then, on Go as on Java, until the next push/pull.
     */
    static final int RETRANSMIT_MULT = 4;

    /** One recorded delegate call. */
    record Event(String kind, Node node, String text, boolean join) {
    }

    private final List<Event> events = new ArrayList<>();
    private volatile byte[] meta;
    private volatile byte[] state;
    private final Memberlist list;

    private JavaPeer(Config.Builder config, String meta, String state) {
        this.meta = meta.getBytes(StandardCharsets.UTF_8);
        this.state = state.getBytes(StandardCharsets.UTF_8);
        this.list = Memberlist.create(config.delegate(new Recorder()).events(new Recorder()).build());
    }

    /** Starts a node named {@code name} with fast timings; {@code customize} may change anything else. */
    static JavaPeer start(String name, String meta, String state, Function<Config.Builder, Config.Builder> customize) {
        Config.Builder b = Config.local().name(name).bindAddress("127.0.0.1").bindPort(0)
                .probeInterval(PROBE_INTERVAL).probeTimeout(PROBE_TIMEOUT).gossipInterval(GOSSIP_INTERVAL)
                .retransmitMult(RETRANSMIT_MULT).tcpTimeout(Duration.ofSeconds(2));
        return new JavaPeer(customize.apply(b), meta, state);
    }

    static JavaPeer start(String name) {
        return start(name, "", "", b -> b);
    }

    /** Go's fast timings matching {@link #start}. */
    static GoPeer.Builder fastGo(String name) {
        return GoPeer.builder(name).probeInterval(PROBE_INTERVAL).probeTimeout(PROBE_TIMEOUT)
                .gossipInterval(GOSSIP_INTERVAL).flag("retransmit-mult", Integer.toString(RETRANSMIT_MULT))
                .tcpTimeout(Duration.ofSeconds(2));
    }

    Memberlist list() {
        return list;
    }

    String name() {
        return list.localNode().name();
    }

    int port() {
        return list.localNode().port();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    void setMeta(String meta) {
        this.meta = meta.getBytes(StandardCharsets.UTF_8);
    }

    int join(String... seeds) {
        return list.join(List.of(seeds));
    }

    Optional<Node> member(String name) {
        return list.members().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    List<String> memberNames() {
        return list.members().stream().map(Node::name).sorted().toList();
    }

    Node sendTarget(String name) {
        return member(name).orElseThrow(() -> new AssertionError(name() + " does not know " + name));
    }

    void sendBestEffort(String to, String text) {
        list.sendBestEffort(sendTarget(to), text.getBytes(StandardCharsets.UTF_8));
    }

    void sendReliable(String to, String text) {
        list.sendReliable(sendTarget(to), text.getBytes(StandardCharsets.UTF_8));
    }

    void broadcast(String text) {
        list.queueBroadcast(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until {@link Memberlist#members()} holds exactly {@code names}. */
    void awaitMembers(Duration timeout, String... names) {
        List<String> want = java.util.Arrays.stream(names).sorted().toList();
        awaitTrue(() -> memberNames().equals(want), timeout,
                () -> name() + ": expected members " + want + ", have " + list.members());
    }

    /** Waits for a recorded event matching {@code filter}. */
    Event awaitEvent(Predicate<Event> filter, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (filter.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name() + ": timed out after " + timeout + " waiting for " + what
                            + "; events: " + events + "; members: " + list.members() + "; stats: " + list.stats());
                }
                try {
                    events.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    Event awaitMessage(String text, Duration timeout) {
        return awaitEvent(e -> e.kind().equals("msg") && e.text().equals(text), timeout, "message '" + text + "'");
    }

    Event awaitLeave(String node, NodeState state, Duration timeout) {
        return awaitEvent(e -> e.kind().equals("leave") && e.node().name().equals(node) && e.node().state() == state,
                timeout, node + " " + state);
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout,
            java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            GoPeer.sleep(Duration.ofMillis(25));
        }
    }

    @Override
    public void close() {
        list.shutdown();
    }

    private void record(Event e) {
        synchronized (events) {
            events.add(e);
            events.notifyAll();
        }
    }

    private final class Recorder implements Delegate, EventDelegate {
        @Override
        public byte[] nodeMeta(int limit) {
            return meta;
        }

        @Override
        public void notifyMsg(byte[] message) {
            record(new Event("msg", null, new String(message, StandardCharsets.UTF_8), false));
        }

        @Override
        public byte[] localState(boolean join) {
            return state;
        }

        @Override
        public void mergeRemoteState(byte[] remote, boolean join) {
            record(new Event("remote-state", null, new String(remote, StandardCharsets.UTF_8), join));
        }

        @Override
        public void notifyJoin(Node node) {
            record(new Event("join", node, null, false));
        }

        @Override
        public void notifyLeave(Node node) {
            record(new Event("leave", node, null, false));
        }

        @Override
        public void notifyUpdate(Node node) {
            record(new Event("update", node, null, false));
        }
    }
}
