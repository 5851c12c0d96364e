package io.memberlist.spring.raft;

import io.memberlist.spring.raft.statemachine.RatisRaftOperations;
import io.memberlist.spring.raft.statemachine.StateMachineHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * A raft group of real Ratis servers over gRPC on loopback, fixed peers (no memberlist), each server hosting a
 * fresh {@link StateMachineHost} (hosting the machines a factory makes), storage under one directory per server.
 * A server can be killed ({@link RaftServer#close()}, no leadership transfer) and restarted from its storage on
 * the same port, with new machine instances that rebuild their state from the snapshot and the log.
 *
 * <p>The Ratis settings are those the starter's group node uses (gRPC, election and request timeouts, the
 * linearizable read option, the client's request timeout and default retry policy), with the timeouts given here.
 */
final class LoopbackGroup implements AutoCloseable {

    /** Raft timeouts of one group; the starter's defaults are 1-2 s election and 3 s request timeout. */
    record Timeouts(Duration electionMin, Duration electionMax, Duration request) {
    }

    /** Raft timeouts for tests: short for a quick suite, generous for 2 busy cores. */
    static final Timeouts TEST_TIMEOUTS = new Timeouts(Duration.ofMillis(500), Duration.ofMillis(1000),
            Duration.ofSeconds(2));
    /**
     * How long tests wait for a leader: a kill leaves two voters, and a new leader within a few election timeouts
     * plus a request timeout (6 s) is expected; ten times that before calling the group broken.
     */
    static final Duration LEADER_WITHIN = TEST_TIMEOUTS.electionMax().multipliedBy(4)
            .plus(TEST_TIMEOUTS.request()).multipliedBy(10);
    private static final Random RANDOM = new Random();

    private final Path dir;
    private final Timeouts timeouts;
    private final Function<RaftPeerId, StateMachine> machines;
    private final Consumer<RaftProperties> tuning;
    private final RaftGroup group;
    private final Map<RaftPeerId, RaftServer> running = new TreeMap<>(LoopbackGroup::byName);
    private final List<RaftClient> clients = new ArrayList<>();

    /**
     * Starts {@code size} servers.
     *
     * @param machines one server's state machine (a {@link StateMachineHost}, or a test wrapper of one), made
     *                 anew on every (re)start of that server
     * @param tuning   further Ratis settings (snapshots, log purging) applied after the starter's
     */
    LoopbackGroup(Path dir, int size, Timeouts timeouts, Function<RaftPeerId, StateMachine> machines,
                  Consumer<RaftProperties> tuning) throws IOException {
        this.dir = dir;
        this.timeouts = timeouts;
        this.machines = machines;
        this.tuning = tuning;
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            peers.add(RaftPeer.newBuilder().setId("s" + i).setAddress("127.0.0.1:" + freePort()).build());
        }
        this.group = RaftGroup.valueOf(RaftGroupId.randomId(), peers);
        for (RaftPeer peer : peers) {
            start(peer.getId(), RaftStorage.StartupOption.FORMAT);
        }
    }

    /**
     * Snapshots every 50 entries and log segments of 16 KB purged up to the snapshot, so a restarted server
     * starts from a snapshot and one that fell behind a purge is sent the leader's snapshot.
     */
    static void smallLogWithSnapshots(RaftProperties p) {
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, 50);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("16KB"));
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, 1);
    }

    RaftGroup group() {
        return group;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    private RaftProperties properties(RaftPeer peer) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setPort(p, Integer.parseInt(peer.getAddress().split(":")[1]));
        RaftServerConfigKeys.setStorageDir(p, List.of(dir.resolve(peer.getId().toString()).toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(timeouts.electionMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(timeouts.electionMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, millis(timeouts.request()));
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(timeouts.request()));
        StateMachineHost.configure(p);
        tuning.accept(p);
        return p;
    }

    private synchronized void start(RaftPeerId id, RaftStorage.StartupOption option) throws IOException {
        RaftServer server = RaftServer.newBuilder().setServerId(id).setGroup(group)
                .setProperties(properties(group.getPeer(id)))
                .setStateMachine(machines.apply(id))
                .setOption(option).build();
        server.start();
        running.put(id, server);
    }

    /** Kills {@code id}'s server as a crash would, as far as the other servers can tell. */
    synchronized void kill(RaftPeerId id) throws IOException {
        RaftServer server = running.remove(id);
        if (server == null) {
            throw new IllegalStateException(id + " is not running");
        }
        server.close();
    }

    /** Starts {@code id} again from its storage (snapshot and log), on its old address. */
    synchronized void restart(RaftPeerId id) throws IOException, InterruptedException {
        int port = Integer.parseInt(group.getPeer(id).getAddress().split(":")[1]);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!bindable(port)) { // a failed bind would end the JVM (see freePort)
            if (System.nanoTime() > deadline) {
                throw new IOException("port " + port + " of " + id + " is still taken after 30 s");
            }
            Thread.sleep(100);
        }
        start(id, RaftStorage.StartupOption.RECOVER);
    }

    synchronized boolean isRunning(RaftPeerId id) {
        return running.containsKey(id);
    }

    /** The running server that leads and is ready to serve (has committed an entry of its term), or null. */
    synchronized RaftPeerId readyLeader() {
        for (Map.Entry<RaftPeerId, RaftServer> e : running.entrySet()) {
            try {
                var info = e.getValue().getDivision(group.getGroupId()).getInfo();
                if (info.isLeader() && info.isLeaderReady()) {
                    return e.getKey();
                }
            } catch (IOException ignored) {
                // the division is closing or not yet open: not the leader
            }
        }
        return null;
    }

    /** Waits until some running server leads; returns it, or null when {@code within} passed first. */
    RaftPeerId awaitLeader(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        RaftPeerId leader;
        while ((leader = readyLeader()) == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return leader;
    }

    /** The applied log index of {@code id}'s host (which must be running). */
    synchronized long appliedIndex(RaftPeerId id) throws IOException {
        return running.get(id).getDivision(group.getGroupId()).getInfo().getLastAppliedIndex();
    }

    /** A client of the group as the starter builds one (its properties, Ratis's default retry policy). */
    RaftClient newClient() {
        RaftClient client = RaftClient.newBuilder().setProperties(properties(group.getPeers().iterator().next()))
                .setRaftGroup(group).build();
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** The starter's {@link RaftOperations} over a new client. */
    RatisRaftOperations operations(RatisRaftOperations.Settings settings) {
        return new RatisRaftOperations(newClient(), () -> group, settings);
    }

    @Override
    public synchronized void close() throws IOException {
        synchronized (clients) {
            for (RaftClient client : clients) {
                client.close();
            }
        }
        for (RaftServer server : running.values()) {
            server.close();
        }
        running.clear();
    }

    private static TimeDuration millis(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static int byName(RaftPeerId a, RaftPeerId b) {
        return a.toString().compareTo(b.toString());
    }

    /**
     * A port that is free now, below Linux's ephemeral range (32768 and up by default). A killed server comes
     * back on its old port, and an ephemeral one may meanwhile be taken by any outgoing connection on the
     * machine; Ratis then cannot bind it and ends the JVM ("Terminating with exit status 1: Failed to start
     * Grpc server").
     */
    private static int freePort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20_000 + RANDOM.nextInt(12_000);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
