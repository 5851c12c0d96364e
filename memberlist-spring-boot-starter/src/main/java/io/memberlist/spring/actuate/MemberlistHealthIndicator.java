package io.memberlist.spring.actuate;

import io.memberlist.Memberlist;
import io.memberlist.NodeState;
import io.memberlist.spring.autoconfigure.MemberlistLifecycle;
import io.memberlist.spring.event.MembershipEventBridge;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code memberlist}: UP while the node runs (and sees at least {@code memberlist.health.min-members} alive
 * members); {@link #DEGRADED} from a Lifeguard health score of {@code memberlist.health.degraded-score-threshold}
 * (this node misses acks: its own network or CPU is in trouble). Details are the local node, member counts
 * by state, the health score (0 is healthy) and the last join error. Keep it out of the liveness group: a
 * network partition is no reason to restart.
 *
 * <p>{@code DEGRADED} is a custom status: Boot's default aggregation ranks unknown codes first and maps
 * them to HTTP 200, so place it with {@code management.endpoint.health.status.order} (e.g.
 * {@code DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN}) and, to fail a probe on it,
 * {@code management.endpoint.health.status.http-mapping.DEGRADED=503}.
 */
public class MemberlistHealthIndicator extends AbstractHealthIndicator {
    /** The node is up but its Lifeguard health score reached the configured threshold. */
    public static final Status DEGRADED = new Status("DEGRADED", "the Lifeguard health score reached"
            + " memberlist.health.degraded-score-threshold: this node is missing acks (its network or CPU)");

    private final Memberlist memberlist;
    private final MemberlistLifecycle lifecycle;
    private final MembershipEventBridge events;
    private final int minMembers;
    private final Integer degradedScoreThreshold;

    /**
     * @param degradedScoreThreshold health score from which to report {@link #DEGRADED}; null: never
     */
    public MemberlistHealthIndicator(Memberlist memberlist, MemberlistLifecycle lifecycle, MembershipEventBridge events,
                                     int minMembers, Integer degradedScoreThreshold) {
        super("memberlist health check failed");
        this.memberlist = memberlist;
        this.lifecycle = lifecycle;
        this.events = events;
        this.minMembers = minMembers;
        this.degradedScoreThreshold = degradedScoreThreshold;
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
        int score = memberlist.healthScore();
        if (alive < minMembers) {
            builder.down().withDetail("reason", "only " + alive + " alive member(s), memberlist.health.min-members is "
                    + minMembers);
        } else if (degradedScoreThreshold != null && score >= degradedScoreThreshold) {
            builder.status(DEGRADED).withDetail("reason", "health score " + score
                    + " >= memberlist.health.degraded-score-threshold " + degradedScoreThreshold);
        } else {
            builder.up();
        }
        builder.withDetail("localNode", memberlist.localNode().name())
                .withDetail("address", memberlist.localNode().address().toString())
                .withDetail("members", byState)
                .withDetail("healthScore", score)
                .withDetail("joined", lifecycle.isJoined());
        if (lifecycle.getLastJoinError() != null) {
            builder.withDetail("lastJoinError", lifecycle.getLastJoinError());
        }
    }
}
