package io.memberlist.spring.raft.group;

import io.memberlist.spring.raft.group.SeatKeeping.Replacement;
import io.memberlist.spring.raft.group.VoterSelection.RaftMember;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Carries out {@link SeatKeeping}'s decisions through Ratis configuration changes: the leader replacing a
 * voter dead past the grace, and a voter handing its seat over before it leaves.
 */
final class SeatKeeper {
    private static final Logger log = LoggerFactory.getLogger(SeatKeeper.class);

    private final String self;
    private final RaftGroupId groupId;
    private final RaftProperties properties;
    private final SeatKeeping keeping;
    private final Duration requestTimeout;

    SeatKeeper(String self, RaftGroupId groupId, RaftProperties properties, Duration grace, Duration requestTimeout) {
        this.self = self;
        this.groupId = groupId;
        this.properties = properties;
        this.keeping = new SeatKeeping(grace);
        this.requestTimeout = requestTimeout;
    }

    /** On the leader, each tick: replaces one voter missing longer than the grace, if a member can take its seat. */
    void keep(RaftConfiguration conf, List<RaftMember> members, long now) throws IOException {
        if (!conf.getPreviousPeers().isEmpty()) {
            return; // a configuration change is under way: raft allows one at a time
        }
        Collection<String> voters = names(conf.getCurrentPeers());
        Optional<Replacement> replacement = keeping.decide(voters, sortedNames(members), now);
        if (replacement.isPresent()) {
            Replacement r = replacement.get();
            log.info("raft: leader {} gives the seat of {} to {}: {}", self, r.out(), r.in(), r.reason());
            change(conf.getCurrentPeers(), members, r.out(), r.in());
        }
    }

    /** Before this node leaves; see {@link RaftGroupNode#handOver()}. */
    void handOver(RaftServer.Division division, List<RaftMember> members) throws IOException {
        RaftConfiguration conf = division.getRaftConf();
        Collection<String> voters = names(conf.getCurrentPeers());
        if (!voters.contains(self)) {
            return;
        }
        SortedSet<String> others = sortedNames(members);
        others.remove(self);
        Optional<String> in = SeatKeeping.successor(voters, others);
        if (in.isPresent()) {
            log.info("raft: {} leaves and hands its voter seat to {}, the first raft member by name without one{}",
                    self, in.get(), division.getInfo().isLeader() ? "; as leader it steps down once that commits" : "");
            change(conf.getCurrentPeers(), members, self, in.get());
            return;
        }
        if (division.getInfo().isLeader()) {
            Optional<String> next = voters.stream().filter(others::contains).sorted().findFirst();
            log.info("raft: {} leaves and keeps its voter seat: no raft member without a seat could take it, and"
                    + " shrinking the group would not lower the majority it needs; leadership goes to {}",
                    self, next.orElse("nobody (no other voter is alive)"));
            if (next.isPresent()) {
                try (RaftClient client = client(new ArrayList<>(conf.getCurrentPeers()))) {
                    client.admin().transferLeadership(RaftPeerId.valueOf(next.get()), requestTimeout.toMillis());
                }
            }
        } else {
            log.info("raft: {} leaves and keeps its voter seat: no raft member without a seat could take it, and"
                    + " shrinking the group would not lower the majority it needs", self);
        }
    }

    private void change(Collection<RaftPeer> current, List<RaftMember> members, String out, String in)
            throws IOException {
        Map<String, RaftPeer> byName = current.stream()
                .collect(Collectors.toMap(p -> p.getId().toString(), Function.identity()));
        Map<String, RaftMember> alive = members.stream()
                .collect(Collectors.toMap(RaftMember::name, Function.identity(), (a, b) -> a));
        List<RaftPeer> next = new ArrayList<>();
        for (String name : SeatKeeping.after(byName.keySet(), out, in)) {
            next.add(byName.containsKey(name) ? byName.get(name) : GroupFormation.peer(alive.get(name)));
        }
        try (RaftClient client = client(new ArrayList<>(current))) {
            RaftClientReply reply = client.admin().setConfiguration(next);
            if (!reply.isSuccess()) {
                throw new IOException("the configuration change to " + SeatKeeping.after(byName.keySet(), out, in)
                        + " failed: " + reply.getException());
            }
        }
        log.info("raft: voters of group {} are now {}", groupId, SeatKeeping.after(byName.keySet(), out, in));
    }

    private RaftClient client(List<RaftPeer> peers) {
        return RaftClient.newBuilder().setProperties(properties).setRaftGroup(RaftGroup.valueOf(groupId, peers))
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(3,
                        TimeDuration.valueOf(requestTimeout.toMillis() / 3, TimeUnit.MILLISECONDS)))
                .build();
    }

    private static Collection<String> names(Collection<RaftPeer> peers) {
        return peers.stream().map(p -> p.getId().toString()).toList();
    }

    private static SortedSet<String> sortedNames(List<RaftMember> members) {
        return members.stream().map(RaftMember::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
