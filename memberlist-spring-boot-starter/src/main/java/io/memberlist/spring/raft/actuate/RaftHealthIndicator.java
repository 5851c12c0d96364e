package io.memberlist.spring.raft.actuate;

import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.group.RaftGroupStatus;
import io.memberlist.spring.raft.group.RaftRole;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code memberlistRaft}: whether this node can take part in agreement.
 * <ul>
 * <li>UP while it knows a leader (it leads or follows one), and on a standby, which holds no seat and so has no
 * say in agreement.</li>
 * <li>DOWN once it has known no leader for longer than {@link #leaderlessBound} (five longest election timeouts):
 * an election takes one or two, so this is a node on the minority side of a partition, or a group with fewer
 * than a majority of its voters up. Commands sent here wait or fail.</li>
 * <li>UNKNOWN while the group is not formed (it forms once {@code memberlist.raft.voters} raft members are alive)
 * and during an election shorter than the bound. UNKNOWN, not DOWN or OUT_OF_SERVICE: with Boot's default
 * status order and HTTP mapping it neither turns the aggregate health DOWN nor answers 503, so a node waiting
 * for the other voters to start does not fail a readiness probe, which would keep it out of the load balancer
 * and can keep a rolling deployment from ever starting those voters.</li>
 * </ul>
 * Leave it out of the liveness group: restarting a node does not mend a partition. Put it in a readiness group
 * only if requests to a node on the minority side should be sent elsewhere.
 */
public class RaftHealthIndicator extends AbstractHealthIndicator {
    /** How many longest election timeouts without a leader make the node DOWN. */
    static final int ELECTION_TIMEOUTS_WITHOUT_LEADER = 5;

    private final RaftGroupNode node;
    private final LeaderWatch watch;
    private final Duration leaderlessBound;
    private final int voters;

    /**
     * @param electionTimeoutMax the longest election timeout ({@code memberlist.raft.election-timeout-max})
     * @param voters             {@code memberlist.raft.voters}, for the message while unformed
     */
    public RaftHealthIndicator(RaftGroupNode node, LeaderWatch watch, Duration electionTimeoutMax, int voters) {
        super("raft health check failed");
        this.node = node;
        this.watch = watch;
        this.leaderlessBound = leaderlessBound(electionTimeoutMax);
        this.voters = voters;
    }

    /** How long a formed group may show no leader to this node before it is DOWN. */
    public static Duration leaderlessBound(Duration electionTimeoutMax) {
        return electionTimeoutMax.multipliedBy(ELECTION_TIMEOUTS_WITHOUT_LEADER);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        RaftGroupStatus status = node.status();
        Optional<Duration> leaderless = watch.leaderUnknownFor();
        if (status.role() == RaftRole.UNFORMED) {
            builder.unknown().withDetail("reason", "the raft group is not formed yet: it forms once "
                    + voters + " raft member(s) (memberlist.raft.voters) are alive and seen by every node");
        } else if (status.role() == RaftRole.STANDBY || LeaderWatch.knowsLeader(status)) {
            builder.up();
        } else {
            Duration unknownFor = leaderless.orElse(Duration.ZERO);
            if (unknownFor.compareTo(leaderlessBound) > 0) {
                builder.down().withDetail("reason", "no raft leader known for " + seconds(unknownFor)
                        + ": this node may be on the minority side of a partition, or fewer than a majority of"
                        + " voters are up");
            } else {
                builder.unknown().withDetail("reason", "no raft leader known for " + seconds(unknownFor)
                        + ": an election is under way; DOWN after " + seconds(leaderlessBound));
            }
        }
        builder.withDetail("role", status.role()).withDetail("term", status.term())
                .withDetail("voters", status.voters()).withDetail("joined", node.joined())
                .withDetail("leaderlessBound", leaderlessBound.toString());
        if (LeaderWatch.knowsLeader(status)) {
            builder.withDetail("leader", status.leader());
        }
        leaderless.ifPresent(d -> builder.withDetail("leaderUnknownFor", d.toString()));
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
