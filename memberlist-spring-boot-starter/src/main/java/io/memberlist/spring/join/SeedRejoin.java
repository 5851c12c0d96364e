package io.memberlist.spring.join;

import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.spring.autoconfigure.PeriodicTask;
import io.memberlist.spring.autoconfigure.SeedProvider;
import io.memberlist.runtime.Seeds;
import io.memberlist.wire.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heals a split cluster. memberlist never reconnects two halves that declared each other dead and reaped
 * each other: each half goes on alone. Every {@code memberlist.join.rejoin-interval} this asks the
 * {@link SeedProvider} again, resolves the seeds, and joins (a push/pull) every seed address that is not a
 * member, which merges the halves. It also finishes a startup join that gave up, and finds members that
 * appeared behind a DNS name later.
 *
 * <p>Costs one push/pull per absent seed address per interval; a seed that is down is retried next time. A
 * seed written differently from how the member advertises itself (a host name resolving to another IP
 * than the advertise address) always looks absent: harmless, one extra push/pull per interval. Stops when
 * the context closes, before the node leaves, so it never rejoins a node on its way out. Runs on the
 * starter's task scheduler. A failed rejoin is not retried sooner: the interval is already its backoff.
 */
public class SeedRejoin extends PeriodicTask implements ApplicationListener<ContextClosedEvent>, Ordered {
    private static final Logger log = LoggerFactory.getLogger(SeedRejoin.class);

    private final Memberlist memberlist;
    private final SeedProvider seeds;
    private final ApplicationContext context;
    private final AtomicLong rejoins = new AtomicLong();

    public SeedRejoin(Memberlist memberlist, SeedProvider seeds, Duration interval, TaskScheduler scheduler,
                      ApplicationContext context) {
        super(scheduler, "memberlist rejoin", interval);
        this.memberlist = memberlist;
        this.seeds = seeds;
        this.context = context;
    }

    @Override
    protected void runOnce() {
        rejoinAbsentSeeds();
    }

    /** Joins the seed addresses that are not members now; returns how many it tried. */
    public int rejoinAbsentSeeds() {
        if (memberlist.isShutdown()) {
            return 0;
        }
        List<String> absent;
        try {
            Set<Address> members = new HashSet<>();
            for (Node n : memberlist.members()) {
                members.add(n.address());
            }
            absent = Seeds.resolve(seeds.seeds(), Seeds.DEFAULT_PORT, new ArrayList<>()).stream()
                    .filter(a -> !members.contains(a)).map(Address::toString).toList();
        } catch (RuntimeException e) {
            log.warn("memberlist: cannot read the seeds from {}: {}", seeds, e.toString());
            return 0;
        }
        if (absent.isEmpty()) {
            return 0;
        }
        rejoins.incrementAndGet();
        memberlist.joinAsync(absent).whenComplete((count, error) -> {
            if (error == null) {
                log.info("memberlist: rejoined {} of {} seed address(es) that were not members: {}", count,
                        absent.size(), absent);
            } else {
                log.debug("memberlist: rejoin of {} failed: {}", absent, error.getMessage());
            }
        });
        return absent.size();
    }

    /** How many rejoin attempts were made (ticks that found absent seeds). */
    public long getRejoins() {
        return rejoins.get();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) {
            stop();
        }
    }

    /** Before the service registry's OUT_OF_SERVICE and the node's leave. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** After the node started (phase 0) and before it stops. */
    @Override
    public int getPhase() {
        return 1;
    }
}
