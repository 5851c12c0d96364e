package io.memberlist.spring.raft.group;

import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.spring.autoconfigure.MemberlistConfigurationException;
import io.memberlist.spring.raft.group.VoterSelection.RaftMember;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's place in the raft group: runs its Ratis server, joins the group once (from its storage, by
 * bootstrapping it, or as a standby; see {@link GroupFormation}), reports role and leader changes, and, while
 * it leads, keeps the voter seats filled ({@link SeatKeeper}).
 *
 * <p>The server starts with no group and Ratis's RECOVER option, so a node whose storage holds the group
 * rejoins it from there and never bootstraps again; that is also how a full-cluster restart resumes.
 */
public final class RaftGroupNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RaftGroupNode.class);
    private static final AtomicLong CALL_IDS = new AtomicLong();

    /** How this node came to hold the group. */
    public enum Joined {
        /** Not yet. */
        NOT_YET,
        /** Its storage held the group: a restart. */
        FROM_STORAGE,
        /** It was one of the voters that created the group. */
        BOOTSTRAPPED,
        /** It joined a group that existed already, as a voter or as a standby. */
        ADDED
    }

    private final Memberlist memberlist;
    private final RaftGroupSettings settings;
    private final String self;
    private final RaftGroupId groupId;
    private final RaftProperties properties;
    private final RaftServer server;
    private final GroupFormation formation;
    private final SeatKeeper seats;
    private final List<RaftGroupListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    private volatile RaftGroupStatus status = RaftGroupStatus.UNFORMED;
    private volatile Joined joined = Joined.NOT_YET;
    private final AtomicBoolean closed = new AtomicBoolean();

    public RaftGroupNode(Memberlist memberlist, RaftGroupSettings settings, StateMachine stateMachine) {
        this.memberlist = memberlist;
        this.settings = settings;
        this.self = memberlist.localNode().name();
        this.groupId = RaftGroupId.valueOf(VoterSelection.groupId(settings.cluster()));
        this.properties = ratisProperties(settings);
        try {
            Files.createDirectories(settings.storageDir());
            this.server = RaftServer.newBuilder().setServerId(RaftPeerId.valueOf(self)).setProperties(properties)
                    .setStateMachine(stateMachine).setOption(RaftStorage.StartupOption.RECOVER).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the raft server of " + self + " with storage "
                    + settings.storageDir(), e);
        }
        this.formation = new GroupFormation(self, groupId, settings.voters(), settings.settle(), properties);
        this.seats = new SeatKeeper(self, groupId, properties, settings.deadVoterGrace(), settings.requestTimeout());
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memberlist-raft-" + self);
            t.setDaemon(true);
            return t;
        });
    }

    /** The Ratis settings: gRPC on {@code port}, storage, and the timeouts of {@code settings}. */
    static RaftProperties ratisProperties(RaftGroupSettings settings) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setPort(p, settings.port());
        if (settings.bindHost() != null) {
            GrpcConfigKeys.Server.setHost(p, settings.bindHost());
        }
        RaftServerConfigKeys.setStorageDir(p, List.of(settings.storageDir().toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(settings.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(settings.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, millis(settings.requestTimeout()));
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(settings.requestTimeout()));
        // Linearizable reads go through ReadIndex on the leader (RaftOperations.linearizableQuery and the
        // subscriptions' polls need it); Ratis's default serves read-only requests from the leader's state only.
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        return p;
    }

    private static TimeDuration millis(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the raft server (recovering the group from storage if it is there) and the membership watch. */
    public void start() throws IOException {
        // Ratis ends the JVM (System.exit) when its gRPC server cannot bind. An application must never die of a
        // port another process holds: turn Ratis's exit into an exception, and check the port first so the
        // failure says what to change.
        ExitUtils.disableSystemExit();
        requirePortFree();
        server.start();
        if (hasGroup()) {
            joined = Joined.FROM_STORAGE;
            log.info("raft: {} rejoins group {} from its storage {}; it never bootstraps again", self, groupId,
                    settings.storageDir());
        }
        ticker.scheduleWithFixedDelay(this::tick, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void requirePortFree() {
        String host = settings.bindHost() == null ? "0.0.0.0" : settings.bindHost();
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, settings.port()));
        } catch (IOException e) {
            throw new MemberlistConfigurationException("the raft port " + host + ":" + settings.port()
                    + " of node " + self + " is in use (" + e.getMessage() + "); the port is remembered in "
                    + settings.storageDir().resolve(StoredPort.FILE) + " unless memberlist.raft.port is set",
                    "Stop the process that holds the port, or set memberlist.raft.port to a free port. The group's"
                            + " stored configuration names a voter by its address: a voter that moves to another"
                            + " port is reachable again only after its seat is handed over or it is re-added.");
        }
    }

    private void tick() {
        try {
            List<RaftMember> members = raftMembers();
            if (!hasGroup()) {
                Optional<GroupFormation.Decision> decision = formation.decide(members, System.nanoTime());
                if (decision.isPresent()) {
                    add(decision.get().group());
                    joined = decision.get().joined();
                }
                return;
            }
            RaftServer.Division division = server.getDivision(groupId);
            observe(division);
            if (division.getInfo().isLeader() && division.getInfo().isLeaderReady()) {
                seats.keep(division.getRaftConf(), members, System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("raft: {} could not look after group {}: {}", self, groupId, e.toString(), e);
        }
    }

    /** The alive members (alive or suspect; dead and left ones are not members) advertising a raft address. */
    private List<RaftMember> raftMembers() {
        return memberlist.members().stream().flatMap(n -> member(n).stream()).toList();
    }

    private static Optional<RaftMember> member(Node node) {
        return RaftAddress.of(node).map(a -> new RaftMember(node.name(), a));
    }

    private void add(RaftGroup group) throws IOException {
        RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(ClientId.randomId(),
                RaftPeerId.valueOf(self), CALL_IDS.incrementAndGet(), group, true));
        if (!reply.isSuccess()) {
            throw new IOException("adding group " + group + " failed: " + reply.getException());
        }
    }

    private void observe(RaftServer.Division division) {
        var info = division.getInfo();
        List<String> voters = division.getRaftConf().getCurrentPeers().stream().map(p -> p.getId().toString())
                .sorted().toList();
        RaftRole role = switch (info.getCurrentRole()) {
            case LEADER -> RaftRole.LEADER;
            case CANDIDATE -> RaftRole.CANDIDATE;
            default -> voters.contains(self) ? RaftRole.FOLLOWER : RaftRole.STANDBY;
        };
        // Ratis sets a new leader's own leader id a moment after its role: a leader is its own leader.
        RaftPeerId leader = role == RaftRole.LEADER ? division.getId() : info.getLeaderId();
        RaftGroupStatus next = new RaftGroupStatus(role, leader == null ? null : leader.toString(),
                info.getCurrentTerm(), voters);
        RaftGroupStatus previous = status;
        if (!next.equals(previous)) {
            status = next;
            if (previous.role() != next.role() || !Objects.equals(previous.leader(), next.leader())) {
                log.info("raft: {} is {} in term {}; leader {}; voters {}", self, role, next.term(), next.leader(),
                        voters);
            }
            for (RaftGroupListener listener : listeners) {
                try {
                    listener.onChange(previous, next);
                } catch (RuntimeException e) {
                    log.warn("raft: listener {} failed on {}", listener, next, e);
                }
            }
        }
    }

    private boolean hasGroup() {
        for (RaftGroupId id : server.getGroupIds()) {
            if (id.equals(groupId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Before this node leaves: if it holds a voter seat, gives it to the first raft member by name that has
     * none (when this node leads, the new configuration makes it step down); with no such member it keeps the
     * seat (shrinking would not lower the majority needed, only the failures tolerated) and, if it leads,
     * hands leadership to another voter so the group does not wait for an election timeout.
     */
    public void handOver() {
        try {
            if (hasGroup()) {
                seats.handOver(server.getDivision(groupId), raftMembers());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("raft: {} could not hand its seat over before leaving ({}); the leader replaces it after"
                    + " memberlist.raft.dead-voter-grace ({})", self, e.toString(), settings.deadVoterGrace());
        }
    }

    /** The group as this node knows it (id and voters); empty until this node has joined it. */
    public Optional<RaftGroup> group() {
        try {
            return hasGroup() ? Optional.of(server.getDivision(groupId).getGroup()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The group id every node of this cluster derives. */
    public RaftGroupId groupId() {
        return groupId;
    }

    /**
     * A new Ratis client of the group, following leader redirects; the caller closes it. Works on a standby
     * too (see {@link #clientBuilder()}).
     */
    public RaftClient newClient() {
        return clientBuilder().build();
    }

    /**
     * A Ratis client builder for the group, with this node's settings (transport, request timeout), to set a
     * retry policy of one's own. Ratis's default retries a write until it commits, so a write on the minority
     * side of a partition waits rather than fails.
     *
     * <p>The client starts from the voters this node holds; a standby holds none (the leader replicates to
     * voters only), so its client starts from the other raft members in memberlist and finds the leader through
     * their redirects.
     *
     * @throws IllegalStateException when this node knows no raft member to ask
     */
    public RaftClient.Builder clientBuilder() {
        RaftGroup group = peersToAsk();
        if (group.getPeers().isEmpty()) {
            throw new IllegalStateException("no raft member to send requests to from " + self + " (" + status
                    + "): the group " + groupId + " is not formed yet");
        }
        return RaftClient.newBuilder().setProperties(properties).setRaftGroup(group);
    }

    /**
     * The servers a client on this node should ask: the voters this node holds, or on a standby (which holds
     * none) the other raft members in memberlist. May be empty before the group forms.
     */
    public RaftGroup peersToAsk() {
        return group().filter(g -> !g.getPeers().isEmpty()).orElseGet(() -> RaftGroup.valueOf(groupId,
                raftMembers().stream().filter(m -> !m.name().equals(self)).map(GroupFormation::peer).toList()));
    }

    public RaftGroupStatus status() {
        return status;
    }

    public Joined joined() {
        return joined;
    }

    /** This node's Ratis server, for what this class does not expose (metrics, snapshots). */
    public RaftServer server() {
        return server;
    }

    public void addListener(RaftGroupListener listener) {
        listeners.add(listener);
    }

    /** Stops the raft server without handing anything over: to the others this node just fails. */
    @Override
    public void close() throws IOException {
        if (closed.getAndSet(true)) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
    }
}
