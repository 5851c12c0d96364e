package io.memberlist.spring.raft.group;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.delegate.Delegate;
import io.memberlist.spring.discovery.InstanceMeta;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real memberlist nodes on loopback, each with a real Ratis server running a {@link CounterStateMachine},
 * storage under a test's temporary directory. A member keeps its memberlist and raft ports across a restart,
 * as a real deployment does (the group's stored configuration names each voter's address).
 */
final class RaftTestCluster implements AutoCloseable {
    /** Memberlist at Config.local() five times faster: probes every 200 ms, gossip every 50 ms. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    static final Duration GOSSIP_INTERVAL = Duration.ofMillis(50);
    /** Raft timeouts for tests: generous for 2 busy cores, short enough for a quick suite. */
    static final Duration ELECTION_MIN = Duration.ofMillis(500);
    static final Duration ELECTION_MAX = Duration.ofMillis(1000);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** Ten gossip intervals, as the auto-configuration derives it. */
    static final Duration SETTLE = GOSSIP_INTERVAL.multipliedBy(10);
    static final String CLUSTER = "raft-test";

    private final Path root;
    private final int voters;
    private final Duration grace;
    private final Map<String, Member> members = new LinkedHashMap<>();

    /** One member: its ports survive a restart; its memberlist node and raft node do not. */
    static final class Member {
        final String name;
        final int gossipPort;
        final int raftPort;
        Memberlist memberlist;
        RaftGroupNode node;
        CounterStateMachine counter;

        Member(String name, int gossipPort, int raftPort) {
            this.name = name;
            this.gossipPort = gossipPort;
            this.raftPort = raftPort;
        }

        boolean running() {
            return memberlist != null;
        }
    }

    RaftTestCluster(Path root, int voters, Duration grace) {
        this.root = root;
        this.voters = voters;
        this.grace = grace;
    }

    /** Starts (or restarts) {@code name}, joining the first other running member. */
    Member start(String name) {
        Member m = members.computeIfAbsent(name, n -> new Member(n, freePort(), freePort()));
        String raftAddress = RaftAddress.format("127.0.0.1", m.raftPort);
        byte[] meta = new InstanceMeta("test", "127.0.0.1", 0, false, null, "UP",
                Map.of(RaftAddress.META_KEY, raftAddress)).encode();
        Config config = Config.local().name(name).bindAddress("127.0.0.1").bindPort(m.gossipPort)
                .retransmitMult(4).probeInterval(PROBE_INTERVAL).probeTimeout(Duration.ofMillis(100))
                .gossipInterval(GOSSIP_INTERVAL).pushPullInterval(Duration.ofSeconds(5))
                .tcpTimeout(Duration.ofSeconds(5)) // a join on 2 busy cores can take longer than local's 1 s
                .delegate(new Delegate() {
                    @Override
                    public byte[] nodeMeta(int limit) {
                        return meta;
                    }
                }).build();
        m.counter = new CounterStateMachine();
        m.memberlist = Memberlist.create(config);
        m.node = new RaftGroupNode(m.memberlist, settings(m), m.counter);
        try {
            m.node.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running().stream().filter(o -> o != m).findFirst()
                .ifPresent(seed -> m.memberlist.join(List.of("127.0.0.1:" + seed.gossipPort)));
        return m;
    }

    RaftGroupSettings settings(Member m) {
        return new RaftGroupSettings(CLUSTER, voters, "127.0.0.1", "127.0.0.1", m.raftPort, root.resolve(m.name), grace, SETTLE,
                Duration.ofMillis(50), ELECTION_MIN, ELECTION_MAX, REQUEST_TIMEOUT);
    }

    /** Stops {@code name} as a crash would: no seat handover, no memberlist leave. */
    void kill(String name) throws IOException {
        Member m = members.get(name);
        m.node.close();
        m.memberlist.shutdown();
        m.memberlist = null;
    }

    /** Stops {@code name} as a Spring context close does: hand the seat over, then leave memberlist. */
    void closeGracefully(String name) throws IOException {
        Member m = members.get(name);
        m.node.handOver();
        m.node.close();
        m.memberlist.leave(Duration.ofSeconds(2));
        m.memberlist.shutdown();
        m.memberlist = null;
    }

    Member get(String name) {
        return members.get(name);
    }

    List<Member> running() {
        return members.values().stream().filter(Member::running).toList();
    }

    /** The running member that leads, if exactly one believes it does. */
    Member leader() {
        List<Member> leaders = running().stream().filter(m -> m.node.status().isLeader()).toList();
        return leaders.size() == 1 ? leaders.get(0) : null;
    }

    /** Sends one increment through {@code via}'s client; returns the count it committed. */
    static long increment(Member via) throws IOException {
        try (RaftClient client = via.node.newClient()) {
            RaftClientReply reply = client.io().send(Message.valueOf("inc"));
            if (!reply.isSuccess()) {
                throw new IOException("write failed: " + reply.getException());
            }
            return Long.parseLong(reply.getMessage().getContent().toStringUtf8());
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List<Throwable> failures = new ArrayList<>();
        for (Member m : running()) {
            try {
                m.node.close();
                m.memberlist.shutdown();
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("closing the cluster failed: " + failures);
        }
    }
}
