package io.memberlist.sim;

import io.memberlist.Config;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.protocol.ConvergedView;
import io.memberlist.protocol.Effect;
import io.memberlist.protocol.SwimMachine;
import io.memberlist.security.Keyring;
import io.memberlist.transport.Framing;
import io.memberlist.wire.Address;
import io.memberlist.wire.Message;
import io.memberlist.wire.PushPull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A whole cluster of {@link SwimMachine}s in virtual time, on one thread, reproducible from a seed: the
 * production machine, an in-memory network shaped by a {@link FaultPlan}, and scheduled actions (crash,
 * restart, leave, join). Nothing is simulated by a second implementation of the protocol.
 *
 * <p>Each node gets its own random generator split from the seed; the network draws loss, jitter and
 * duplicates from another. Events at the same instant run in the order they were scheduled.
 */
public final class Simulation {
    private static final long MS = 1_000_000L;

    private final Config baseConfig;
    private final Framing framing;
    private final StreamSizes streamSizes;
    private final FaultPlan faults;
    private final long seed;
    private final SplittableRandom networkRandom;
    private final SplittableRandom nodeSeeds;
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    /** Nodes by {@link #endpoint} of their address. */
    private final Map<Object, SimNode> byAddress = new HashMap<>();
    private final java.util.Set<String> everDown = new java.util.HashSet<>();
    private final List<SimObserver> observers = new ArrayList<>();
    private final EventQueue<Event> queue = new EventQueue<>();
    private boolean shareConvergedStates = true;
    private long sharedPushPulls;
    private long now;
    private long scheduled;
    private long eventsRun;

    /** Something that happens at a virtual instant; events at one instant run in scheduling order. */
    private abstract static class Event {
        long atNanos;

        abstract void run();
    }

    public Simulation(Config baseConfig, FaultPlan faults, long seed) {
        this.baseConfig = baseConfig;
        // Traffic is counted in real wire bytes: every packet and stream is framed as the node would send
        // it (compound, compression, CRC, encryption, label, as configured).
        Keyring keyring = baseConfig.secretKeys().isEmpty() ? null : Keyring.of(baseConfig.secretKeys());
        this.framing = Framing.of(baseConfig, keyring);
        this.streamSizes = new StreamSizes(framing);
        this.faults = faults;
        this.seed = seed;
        SplittableRandom root = new SplittableRandom(seed);
        this.networkRandom = root.split();
        this.nodeSeeds = root.split();
    }

    public void observe(SimObserver observer) {
        observers.add(observer);
    }

    public long nowNanos() {
        return now;
    }

    public long seed() {
        return seed;
    }

    public FaultPlan faults() {
        return faults;
    }

    public Collection<SimNode> nodes() {
        return nodes.values();
    }

    public SimNode node(String name) {
        return nodes.get(name);
    }

    /** Whether {@code node} ever crashed or left during this run. */
    public boolean wasEverDown(SimNode node) {
        return everDown.contains(node.name);
    }

    public long eventsRun() {
        return eventsRun;
    }

    /** The simulated address of the {@code index}-th node: 10.x.y.z:7946. */
    public static Address addressOf(int index) {
        int i = index + 1;
        return Address.ipv4(10, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF, 7946);
    }

    /** The conventional name of the {@code index}-th node. */
    public static String nameOf(int index) {
        return "node-" + index;
    }

    // ---- building the cluster -----------------------------------------------------------------------------

    /** Adds {@code count} nodes that all already know each other, alive at incarnation 1. */
    public void addConverged(int count) {
        int first = nodes.size();
        List<Node> view = new ArrayList<>(count);
        byte[] vsn = baseConfig.versions();
        for (int i = 0; i < count; i++) {
            view.add(new Node(nameOf(first + i), addressOf(first + i), new byte[0], NodeState.ALIVE, 1, vsn));
        }
        ConvergedView converged = ConvergedView.of(view, now);
        for (int i = 0; i < count; i++) {
            SimNode node = register(nameOf(first + i), addressOf(first + i));
            node.machine = SwimMachine.startConverged(configFor(node.name), converged, nodeRandom(), now);
            started(node);
        }
    }

    /** Starts a node that knows only itself; {@link #join} makes it join. */
    public SimNode startNode(String name, Address address) {
        return startNode(name, name, address);
    }

    /**
     * Starts a node registered under {@code key} whose machine calls itself {@code memberName}: two keys
     * with one member name make an impostor, for address-conflict experiments.
     */
    public SimNode startNode(String key, String memberName, Address address) {
        SimNode node = nodes.containsKey(key) ? nodes.get(key) : register(key, address);
        node.machine = SwimMachine.start(configFor(memberName), address, new byte[0], nodeRandom(), now);
        node.status = SimNode.Status.RUNNING;
        node.life++;
        node.scheduledWakeNanos = Long.MAX_VALUE;
        node.lagFrontierNanos = 0;
        node.inbound.clear();
        node.pendingStreams.clear();
        started(node);
        return node;
    }

    /** {@code node} starts a join push/pull with the node at {@code seed}. */
    public void join(SimNode node, Address seed) {
        node.machine.join(seed, now);
        flush(node);
    }

    /** Kills {@code node} without a word: its process stops, packets to it vanish. */
    public void crash(SimNode node) {
        node.status = SimNode.Status.CRASHED;
        everDown.add(node.name);
    }

    /** Brings a crashed node back under the same name and address, joining through {@code seed}. */
    public void restart(SimNode node, Address seed) {
        startNode(node.name, node.machine.name(), node.address);
        join(node, seed);
    }

    /** {@code node} leaves gracefully and shuts down once its leave was gossiped (or after {@code timeout}). */
    public void leave(SimNode node, long timeoutNanos) {
        node.status = SimNode.Status.LEAVING;
        everDown.add(node.name);
        node.leaveToken = node.machine.leave(now);
        int life = node.life;
        at(now + timeoutNanos, () -> {
            if (node.life == life) {
                shutdown(node);
            }
        });
        flush(node);
    }

    private void shutdown(SimNode node) {
        if (node.status == SimNode.Status.LEAVING) {
            node.status = SimNode.Status.STOPPED;
        }
    }

    /**
     * Off, push/pulls travel as plain lists of states, so every merge and traffic count walks every state,
     * as with a real network: the reference that the shared, changes-only path must match exactly.
     */
    void shareConvergedStates(boolean on) {
        shareConvergedStates = on;
    }

    /** Push/pulls that travelled as shared converged states (for tests: the fast path was exercised). */
    long sharedPushPulls() {
        return sharedPushPulls;
    }

    private Message carried(Message m) {
        if (m instanceof PushPull pp && pp.nodes() instanceof PushPull.SharedStates) {
            if (!shareConvergedStates) {
                return new PushPull(pp.join(), new ArrayList<>(pp.nodes()), pp.userState());
            }
            sharedPushPulls++;
        }
        return m;
    }

    /** Runs {@code action} at virtual time {@code atNanos}. */
    public void at(long atNanos, Runnable action) {
        schedule(new Event() {
            @Override
            void run() {
                action.run();
            }
        }, atNanos);
    }

    /** Runs every event up to and including {@code endNanos}. */
    public void runUntil(long endNanos) {
        while (!queue.isEmpty() && queue.peekAt() <= endNanos) {
            Event e = queue.poll();
            now = e.atNanos;
            eventsRun++;
            e.run();
        }
        now = Math.max(now, endNanos);
    }

    /** Ends the run: observers see the final state. */
    public void finish() {
        for (SimObserver o : observers) {
            o.atEnd(now, this);
        }
    }

    private SimNode register(String name, Address address) {
        SimNode node = new SimNode(name, address);
        nodes.put(name, node);
        byAddress.put(endpoint(address), node);
        return node;
    }

    /**
     * The map key of an address: IPv4 and port packed in a long. {@link Address#hashCode} sums the IP bytes
     * times 31, so the 100,000 addresses 10.x.y.z share about 9,000 hashes, and every packet's lookup
     * walked a collision tree.
     */
    private static Object endpoint(Address address) {
        if (address.ipLength() != 4) {
            return address;
        }
        byte[] ip = address.ip();
        long v4 = ((ip[0] & 0xFFL) << 24) | ((ip[1] & 0xFF) << 16) | ((ip[2] & 0xFF) << 8) | (ip[3] & 0xFF);
        return (v4 << 16) | address.port();
    }

    private Config configFor(String name) {
        return baseConfig.toBuilder().name(name).build();
    }

    private SplittableRandom nodeRandom() {
        return new SplittableRandom(nodeSeeds.nextLong());
    }

    private void started(SimNode node) {
        for (SimObserver o : observers) {
            o.onStart(now, node);
        }
        flush(node);
    }

    // ---- running machines ---------------------------------------------------------------------------------

    /** Executes the machine's effects, tells observers, and re-arms its wake-up. */
    private void flush(SimNode node) {
        SwimMachine machine = node.machine;
        machine.drainEffects(effect -> execute(node, effect));
        for (SimObserver o : observers) {
            o.afterInput(now, node);
        }
        long deadline = machine.nextDeadline();
        if (deadline < node.scheduledWakeNanos) {
            node.scheduledWakeNanos = deadline;
            schedule(new Wake(node, node.life), Math.max(deadline, now));
        }
    }

    private final class Wake extends Event {
        private final SimNode node;
        private final int life;

        Wake(SimNode node, int life) {
            this.node = node;
            this.life = life;
        }

        @Override
        void run() {
            if (life != node.life || !node.isUp() || atNanos != node.scheduledWakeNanos) {
                return; // stale: the node restarted, stopped, or found an earlier deadline since
            }
            node.scheduledWakeNanos = Long.MAX_VALUE;
            node.machine.onTimeout(now);
            flush(node);
        }
    }

    private void execute(SimNode node, Effect effect) {
        if (effect instanceof Effect.SendPacket p) {
            sendPacket(node, p);
        } else if (effect instanceof Effect.OpenStream s) {
            openStream(node, s);
        } else if (effect instanceof Effect.ReplyStream r) {
            replyStream(node, r);
        } else if (effect instanceof Effect.Notify n) {
            for (SimObserver o : observers) {
                o.onNotify(now, node, n.event());
            }
        } else if (effect instanceof Effect.BroadcastDone done && done.token() == node.leaveToken
                && node.status == SimNode.Status.LEAVING) {
            shutdown(node);
        }
    }

    // ---- the network --------------------------------------------------------------------------------------

    private void sendPacket(SimNode from, Effect.SendPacket p) {
        int bytes = framing.encodePacket(p.messages(), p.checksum()).length;
        from.packetsSent++;
        from.bytesSent += bytes;
        SimNode to = byAddress.get(endpoint(p.to()));
        if (to == null) {
            return;
        }
        deliverPacket(from, to, p.messages());
        if (faults.duplicates() > 0 && networkRandom.nextDouble() < faults.duplicates()) {
            deliverPacket(from, to, p.messages());
        }
    }

    private void deliverPacket(SimNode from, SimNode to, List<Message> messages) {
        if (faults.blocked(from.name, to.name, now)) {
            return;
        }
        double loss = faults.loss(now);
        if (loss > 0 && networkRandom.nextDouble() < loss) {
            faults.countLost();
            return;
        }
        int life = to.life;
        Address source = from.address;
        arrive(to, now + linkDelay(from, to), () -> {
            if (to.life != life || !to.isUp()) {
                return;
            }
            for (Message m : messages) {
                to.machine.onPacket(source, m, now);
            }
            flush(to);
        });
    }

    /**
     * Streams are reliable but not magic: a crashed, stopped or partitioned peer makes the opener wait for
     * its deadline. Connecting costs a round trip before the request travels.
     */
    private void openStream(SimNode from, Effect.OpenStream s) {
        Message carried = carried(s.request());
        int requestBytes = framing.streamPreamble().length + streamSizes.size(carried);
        from.packetsSent++;
        from.bytesSent += requestBytes;
        SimNode to = byAddress.get(endpoint(s.to()));
        int openerLife = from.life;
        long streamId = s.streamId(); // not the effect: its request (a whole push/pull) would live until the deadline
        at(s.deadlineNanos(), () -> {
            if (from.life == openerLife && from.isUp() && from.pendingStreams.remove(streamId)) {
                from.machine.onStreamFailed(streamId, "timeout", now);
                flush(from);
            }
        });
        from.pendingStreams.add(streamId);
        if (to == null || faults.blocked(from.name, to.name, now) || faults.blocked(to.name, from.name, now)) {
            return;
        }
        long arrival = now + streamLegDelay(from, to) + streamLegDelay(to, from) + streamLegDelay(from, to);
        int toLife = to.life;
        arrive(to, arrival, () -> {
            if (to.life != toLife || !to.isUp()) {
                return;
            }
            long id = to.nextInboundId++;
            to.inbound.put(id, new SimNode.InboundStream(from, openerLife, s.streamId(), s.deadlineNanos()));
            Message request = carried;
            if (request instanceof PushPull pp && pp.userState() == null) {
                request = new PushPull(pp.join(), pp.nodes(), new byte[0]);
            }
            to.machine.onStream(id, from.address, request, now);
            flush(to);
        });
    }

    private void replyStream(SimNode node, Effect.ReplyStream r) {
        SimNode.InboundStream in = node.inbound.remove(r.streamId());
        if (in == null || r.reply() == null) {
            return;
        }
        Message reply = carried(r.reply());
        node.packetsSent++;
        node.bytesSent += streamSizes.size(reply);
        SimNode opener = in.opener();
        if (faults.blocked(node.name, opener.name, now)) {
            return;
        }
        long arrival = now + streamLegDelay(node, opener);
        at(arrival, () -> {
            if (opener.life != in.openerLife() || !opener.isUp() || !opener.pendingStreams.remove(in.openerStreamId())) {
                return;
            }
            processLagged(opener, () -> {
                if (opener.life == in.openerLife() && opener.isUp()) {
                    opener.machine.onStreamReply(in.openerStreamId(), reply, now);
                    flush(opener);
                }
            });
        });
    }

    /**
     * One leg of a TCP exchange: the link delay, plus a retransmission timeout (200 ms, doubling) for each
     * time the segment is lost. TCP does not lose data, it is late.
     */
    private long streamLegDelay(SimNode from, SimNode to) {
        long delay = linkDelay(from, to);
        double loss = faults.loss(now);
        long rto = 200 * MS;
        while (loss > 0 && networkRandom.nextDouble() < loss && rto < 60_000 * MS) {
            delay += rto;
            rto *= 2;
        }
        return delay;
    }

    private long linkDelay(SimNode from, SimNode to) {
        long delay = faults.latencyNanos(from.name, to.name);
        long jitter = faults.jitterNanos();
        return jitter > 0 ? delay + networkRandom.nextLong(jitter + 1) : delay;
    }

    /** A message reaches {@code to} at {@code atNanos}; a slow node handles it later, in arrival order. */
    private void arrive(SimNode to, long atNanos, Runnable handle) {
        at(atNanos, () -> processLagged(to, handle));
    }

    private void processLagged(SimNode node, Runnable handle) {
        long lag = faults.slowLagNanos(node.name);
        if (lag == 0) {
            handle.run();
            return;
        }
        long when = Math.max(now + lag, node.lagFrontierNanos);
        node.lagFrontierNanos = when;
        at(when, handle);
    }

    private void schedule(Event e, long atNanos) {
        e.atNanos = atNanos;
        queue.add(e, atNanos, scheduled++);
    }

    static long ms(long millis) {
        return millis * MS;
    }
}
