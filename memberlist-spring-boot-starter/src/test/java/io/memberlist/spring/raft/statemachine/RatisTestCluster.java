package io.memberlist.spring.raft.statemachine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

import static org.awaitility.Awaitility.await;

/**
 * Real Ratis servers over gRPC on loopback, each with its own {@link StateMachineHost} hosting one
 * {@link RegisterMachine} named "reg", storage under a test's temporary directory. Short raft timeouts (election
 * 300-600 ms); tests wait with generous margins since the machine is shared.
 */
final class RatisTestCluster implements AutoCloseable {

    static final String MACHINE = "reg";
    /** Election timeout bounds: a new leader is expected well within a few of these on a busy machine. */
    static final Duration ELECTION_MIN = Duration.ofMillis(300);
    static final Duration ELECTION_MAX = Duration.ofMillis(600);
    static final Duration AWAIT = Duration.ofSeconds(30);

    final RaftGroupId groupId = RaftGroupId.randomId();
    private final Path dir;
    private final Consumer<RaftProperties> tuning;
    private final int notificationCapacity;
    private final Map<RaftPeerId, RaftServer> servers = new TreeMap<>(Comparator.comparing(RaftPeerId::toString));
    private final Map<RaftPeerId, StateMachineHost> hosts = new TreeMap<>(Comparator.comparing(RaftPeerId::toString));
    private final Map<RaftPeerId, RegisterMachine> machines = new TreeMap<>(Comparator.comparing(RaftPeerId::toString));
    private final List<RaftPeer> peers = new ArrayList<>();
    private final List<RaftClient> clients = new ArrayList<>();

    RatisTestCluster(Path dir, int size, Consumer<RaftProperties> tuning) throws IOException {
        this(dir, size, tuning, StateMachineHost.DEFAULT_NOTIFICATION_CAPACITY);
    }

    RatisTestCluster(Path dir, int size, Consumer<RaftProperties> tuning, int notificationCapacity)
            throws IOException {
        this.dir = dir;
        this.tuning = tuning;
        this.notificationCapacity = notificationCapacity;
        for (int i = 0; i < size; i++) {
            peers.add(newPeer(i));
        }
        for (RaftPeer peer : peers) {
            start(peer, RaftGroup.valueOf(groupId, peers));
        }
    }

    RatisTestCluster(Path dir, int size) throws IOException {
        this(dir, size, p -> { });
    }

    static RaftPeer newPeer(int i) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return RaftPeer.newBuilder().setId("s" + i).setAddress("127.0.0.1:" + socket.getLocalPort()).build();
        }
    }

    /** Starts {@code peer} with {@code group} (empty peers for a server about to be added). */
    void start(RaftPeer peer, RaftGroup group) throws IOException {
        RaftProperties properties = new RaftProperties();
        GrpcConfigKeys.Server.setPort(properties, Integer.parseInt(peer.getAddress().split(":")[1]));
        RaftServerConfigKeys.setStorageDir(properties, List.of(dir.resolve(peer.getId().toString()).toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, TimeDuration.valueOf(ELECTION_MIN.toMillis(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, TimeDuration.valueOf(ELECTION_MAX.toMillis(), TimeUnit.MILLISECONDS));
        StateMachineHost.configure(properties);
        tuning.accept(properties);
        RegisterMachine machine = new RegisterMachine(MACHINE);
        StateMachineHost host = new StateMachineHost(List.of(machine), notificationCapacity,
                java.time.Clock.systemUTC());
        RaftServer server = RaftServer.newBuilder().setServerId(peer.getId()).setGroup(group)
                .setStateMachine(host).setProperties(properties).build();
        server.start();
        servers.put(peer.getId(), server);
        hosts.put(peer.getId(), host);
        machines.put(peer.getId(), machine);
    }

    /** Starts a server with empty storage that is in no configuration yet; the group's clients will know it. */
    RaftPeer startNewcomer(int i) throws IOException {
        RaftPeer peer = newPeer(i);
        start(peer, RaftGroup.valueOf(groupId));
        peers.add(peer);
        return peer;
    }

    RaftGroup group() {
        return RaftGroup.valueOf(groupId, peers);
    }

    List<RaftPeer> peers() {
        return peers;
    }

    RaftClient newClient() {
        RaftProperties properties = new RaftProperties();
        RaftClient client = RaftClient.newBuilder().setProperties(properties).setRaftGroup(group())
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(100,
                        TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
        clients.add(client);
        return client;
    }

    RatisRaftOperations operations(RatisRaftOperations.Settings settings) {
        return new RatisRaftOperations(newClient(), this::group, settings);
    }

    StateMachineHost host(RaftPeerId id) {
        return hosts.get(id);
    }

    RegisterMachine machine(RaftPeerId id) {
        return machines.get(id);
    }

    RaftServer server(RaftPeerId id) {
        return servers.get(id);
    }

    /** Waits until one running server leads and returns it. */
    RaftPeerId awaitLeader() {
        RaftPeerId[] leader = new RaftPeerId[1];
        await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (Map.Entry<RaftPeerId, RaftServer> e : servers.entrySet()) {
                var info = e.getValue().getDivision(groupId).getInfo();
                if (info.isLeader() && info.isLeaderReady()) {
                    leader[0] = e.getKey();
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    RaftPeerId aFollower(RaftPeerId leader) {
        return servers.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    }

    /** Stops {@code id}'s server (a crash as far as the others can tell). */
    void stop(RaftPeerId id) throws IOException {
        RaftServer server = servers.remove(id);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void close() throws IOException {
        for (RegisterMachine machine : machines.values()) {
            machine.open();
        }
        for (RaftClient client : clients) {
            client.close();
        }
        for (RaftServer server : servers.values()) {
            server.close();
        }
    }
}
