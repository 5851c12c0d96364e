package io.memberlist.sample.raft;

import io.memberlist.Memberlist;
import io.memberlist.spring.raft.builtin.Leadership;
import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.group.RaftGroupStatus;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /leader}: this node's view of the raft group (its role, the leader it knows, the term, the voters) and of
 * the leader-only job (ticks it ran, by term). Local state only, so it answers also while the group is not formed.
 */
@RestController
@ConditionalOnBooleanProperty(name = {"memberlist.enabled", "spring.cloud.discovery.enabled"}, matchIfMissing = true)
@ConditionalOnBooleanProperty("memberlist.raft.enabled")
public class LeaderController {
    private final Memberlist memberlist;
    private final RaftGroupNode group;
    private final Leadership leadership;
    private final LeaderTicks ticks;

    public LeaderController(Memberlist memberlist, RaftGroupNode group, Leadership leadership, LeaderTicks ticks) {
        this.memberlist = memberlist;
        this.group = group;
        this.leadership = leadership;
        this.ticks = ticks;
    }

    @GetMapping("/leader")
    public Map<String, Object> leader() {
        RaftGroupStatus status = group.status();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", memberlist.localNode().name());
        out.put("role", status.role().name());
        out.put("leader", status.leader());
        out.put("term", status.term());
        out.put("voters", status.voters());
        out.put("iLead", leadership.isLeader());
        out.put("ticksRunHereByTerm", ticks.ranByTerm());
        out.put("lastTickValue", ticks.lastValue());
        return out;
    }
}
