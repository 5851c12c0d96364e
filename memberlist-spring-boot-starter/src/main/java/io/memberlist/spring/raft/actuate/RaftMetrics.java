package io.memberlist.spring.raft.actuate;

import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.statemachine.StateMachineHost;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.function.ToLongFunction;

/**
 * The raft group's meters, with the starter's stable tags
 * ({@link io.memberlist.spring.actuate.MemberlistMetrics#tags}): the timer {@code memberlist.raft.commands{outcome}}
 * ({@link CommandTimer}), {@code memberlist.raft.leader.changes} (leaders seen taking office),
 * {@code memberlist.raft.leader} (1 while this node leads), {@code memberlist.raft.term},
 * {@code memberlist.raft.commit.index} and {@code memberlist.raft.applied.index} (NaN before this node holds the
 * group), {@code memberlist.raft.apply.failures} (commands a state machine threw on; they are committed and their
 * caller got the error) and {@code memberlist.raft.queries.stale} (queries this server declined because its state
 * was older than the index the client had seen; the client asked another server).
 */
public class RaftMetrics implements MeterBinder {
    private final RaftGroupNode node;
    private final LeaderWatch watch;
    private final CommandTimer commands;
    private final StateMachineHost host;
    private final Tags tags;
    private final Duration requestTimeout;

    /** @param host the hosted state machines, or null when the application runs its own Ratis state machine */
    public RaftMetrics(RaftGroupNode node, LeaderWatch watch, CommandTimer commands, StateMachineHost host, Tags tags,
                       Duration requestTimeout) {
        this.node = node;
        this.watch = watch;
        this.commands = commands;
        this.host = host;
        this.tags = tags;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // A command that is retried through a leader change can take a few request timeouts.
        commands.bindTo(registry, tags, requestTimeout.multipliedBy(3));
        FunctionCounter.builder("memberlist.raft.leader.changes", watch, LeaderWatch::leaderChanges)
                .description("Leaders this node has seen take office (a new leader or a new term)").tags(tags)
                .register(registry);
        Gauge.builder("memberlist.raft.leader", node, n -> n.status().isLeader() ? 1 : 0)
                .description("1 while this node is the raft leader, else 0").tags(tags).register(registry);
        Gauge.builder("memberlist.raft.term", node, n -> n.status().term())
                .description("This node's current raft term").tags(tags).register(registry);
        index(registry, "memberlist.raft.commit.index", "Last raft log index this node knows committed",
                RaftProgress::commitIndex);
        index(registry, "memberlist.raft.applied.index", "Last raft log index this node's state machines applied",
                RaftProgress::appliedIndex);
        if (host != null) {
            FunctionCounter.builder("memberlist.raft.apply.failures", host, StateMachineHost::failedCommands)
                    .description("Committed commands whose state machine threw (the caller got the error)")
                    .tags(tags).register(registry);
            FunctionCounter.builder("memberlist.raft.queries.stale", host, StateMachineHost::staleQueries)
                    .description("Queries declined because this server had applied less than the client had seen")
                    .tags(tags).register(registry);
        }
    }

    private void index(MeterRegistry registry, String name, String description, ToLongFunction<RaftProgress> f) {
        Gauge.builder(name, node, n -> RaftProgress.of(n).map(p -> (double) f.applyAsLong(p)).orElse(Double.NaN))
                .description(description).tags(tags).register(registry);
    }
}
