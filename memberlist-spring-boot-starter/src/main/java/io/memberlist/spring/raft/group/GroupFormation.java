package io.memberlist.spring.raft.group;

import io.memberlist.spring.raft.group.VoterSelection.RaftMember;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.GroupListReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Decides, once, how a node without stored group state joins the group: bootstrap it with the chosen voters,
 * take the seat an already formed group gave it, or run as a standby (empty configuration) until the leader
 * gives it a seat.
 *
 * <p>Bootstrapping twice would be fatal: two nodes bootstrapping different initial configurations of one group
 * id make two groups that each believe they are the one. Two guards keep that from happening:
 * <ul>
 *   <li>The chosen voters must stay the same for {@code settle} (several gossip intervals) before a node acts,
 *       so the views of nodes that joined at about the same time have converged: a member one node has heard
 *       of and another not yet would otherwise be a voter for one and not for the other.</li>
 *   <li>Before bootstrapping, the node asks every other raft member's server whether it holds the group
 *       already; if one does, its configuration wins (a node started late, whose name sorts first, must not
 *       start a group of its own). If any member cannot be asked, the node waits for the next tick.</li>
 * </ul>
 */
final class GroupFormation {
    private static final Logger log = LoggerFactory.getLogger(GroupFormation.class);

    private final String self;
    private final RaftGroupId groupId;
    private final int voters;
    private final Duration settle;
    private final RaftProperties properties;
    private List<RaftMember> chosen = List.of();
    private long chosenSince;
    private String lastWait;

    GroupFormation(String self, RaftGroupId groupId, int voters, Duration settle, RaftProperties properties) {
        this.self = self;
        this.groupId = groupId;
        this.voters = voters;
        this.settle = settle;
        this.properties = properties;
    }

    /**
     * @param members the alive members that advertise a raft address, this node included
     * @param now     monotonic nanos
     * @return the group to add to this node's server, once decided
     */
    Optional<Decision> decide(List<RaftMember> members, long now) {
        List<RaftMember> choice = VoterSelection.choose(members, voters);
        if (!choice.equals(chosen)) {
            chosen = choice;
            chosenSince = now;
        }
        if (members.stream().noneMatch(m -> m.name().equals(self))) {
            return waiting("this node's raft address is not in its own meta yet");
        }
        if (members.size() < voters) {
            return waiting("waiting for " + voters + " raft members (memberlist.raft.voters), seeing "
                    + members.size() + ": " + members.stream().map(RaftMember::name).toList());
        }
        if (now - chosenSince < settle.toNanos()) {
            return Optional.empty();
        }
        Probe probe = probe(members);
        if (probe.unanswered() != null) {
            return waiting("cannot ask " + probe.unanswered() + " whether the group exists already");
        }
        if (probe.existing() != null) {
            boolean seated = probe.existing().getPeers().stream().anyMatch(p -> p.getId().toString().equals(self));
            log.info("raft: group {} exists already with voters {}; {}", groupId, names(probe.existing()),
                    seated ? "this node holds a seat in it and joins as a voter"
                            : "this node joins as a standby and waits for a seat");
            return Optional.of(new Decision(seated ? probe.existing() : RaftGroup.valueOf(groupId),
                    RaftGroupNode.Joined.ADDED));
        }
        if (chosen.stream().anyMatch(m -> m.name().equals(self))) {
            log.info("raft: bootstrapping group {} with voters {}: the first {} raft members by name, unchanged for {}",
                    groupId, chosen.stream().map(RaftMember::name).toList(), voters, settle);
            return Optional.of(new Decision(RaftGroup.valueOf(groupId,
                    chosen.stream().map(GroupFormation::peer).toList()), RaftGroupNode.Joined.BOOTSTRAPPED));
        }
        log.info("raft: group {} is bootstrapped by {}; this node is not among the first {} by name and joins as a"
                + " standby", groupId, chosen.stream().map(RaftMember::name).toList(), voters);
        return Optional.of(new Decision(RaftGroup.valueOf(groupId), RaftGroupNode.Joined.ADDED));
    }

    /** The group to add to this node's server (no peers: a standby), and how that joins it. */
    record Decision(RaftGroup group, RaftGroupNode.Joined joined) {
    }

    private <T> Optional<T> waiting(String why) {
        if (!why.equals(lastWait)) {
            log.info("raft: group {} not formed: {}", groupId, why);
            lastWait = why;
        }
        return Optional.empty();
    }

    static RaftPeer peer(RaftMember member) {
        return RaftPeer.newBuilder().setId(member.name()).setAddress(member.address()).build();
    }

    private static List<String> names(RaftGroup group) {
        return group.getPeers().stream().map(p -> p.getId().toString()).sorted().toList();
    }

    private record Probe(RaftGroup existing, String unanswered) {
    }

    /** Asks every other member's raft server for the group: the first with voters wins. */
    private Probe probe(List<RaftMember> members) {
        for (RaftMember member : members) {
            if (member.name().equals(self)) {
                continue;
            }
            RaftPeer peer = peer(member);
            try (RaftClient client = RaftClient.newBuilder().setProperties(properties)
                    .setRaftGroup(RaftGroup.valueOf(groupId, peer)).setRetryPolicy(RetryPolicies.noRetry()).build()) {
                GroupListReply list = client.getGroupManagementApi(RaftPeerId.valueOf(member.name())).list();
                if (list.getGroupIds().contains(groupId)) {
                    RaftGroup group = client.getGroupManagementApi(peer.getId()).info(groupId).getGroup();
                    if (!group.getPeers().isEmpty()) {
                        return new Probe(group, null);
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.debug("raft: cannot ask {} at {} for group {}", member.name(), member.address(), groupId, e);
                return new Probe(null, member.name() + " (" + e + ")");
            }
        }
        return new Probe(null, null);
    }
}
