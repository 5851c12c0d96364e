package io.memberlist.spring.actuate;

import io.memberlist.Memberlist;
import io.memberlist.NodeState;
import io.memberlist.spring.autoconfigure.MemberlistLifecycle;
import io.memberlist.spring.event.MembershipEventBridge;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code memberlist}: UP while the node runs (and sees at least {@code memberlist.health.min-members} alive
 * members); details are the local node, member counts by state, the Lifeguard health score (0 is healthy)
 * and the last join error. Keep it out of the liveness group: a network partition is no reason to restart.
 */
public class MemberlistHealthIndicator extends AbstractHealthIndicator {
    private final Memberlist memberlist;
    private final MemberlistLifecycle lifecycle;
    private final MembershipEventBridge events;
    private final int minMembers;

    public MemberlistHealthIndicator(Memberlist memberlist, MemberlistLifecycle lifecycle, MembershipEventBridge events,
                                     int minMembers) {
        super("memberlist health check failed");
        this.memberlist = memberlist;
        this.lifecycle = lifecycle;
        this.events = events;
        this.minMembers = minMembers;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!lifecycle.isRunning()) {
            builder.down().withDetail("reason", "the memberlist node is not running");
            return;
        }
        Map<NodeState, Integer> counts = MemberCounts.of(memberlist, events);
        Map<String, Integer> byState = new LinkedHashMap<>();
        counts.forEach((state, n) -> byState.put(state.name().toLowerCase(Locale.ROOT), n));
        int alive = counts.get(NodeState.ALIVE);
        if (alive < minMembers) {
            builder.down().withDetail("reason", "only " + alive + " alive member(s), memberlist.health.min-members is "
                    + minMembers);
        } else {
            builder.up();
        }
        builder.withDetail("localNode", memberlist.localNode().name())
                .withDetail("address", memberlist.localNode().address().toString())
                .withDetail("members", byState)
                .withDetail("healthScore", memberlist.healthScore())
                .withDetail("joined", lifecycle.isJoined());
        if (lifecycle.getLastJoinError() != null) {
            builder.withDetail("lastJoinError", lifecycle.getLastJoinError());
        }
    }
}
