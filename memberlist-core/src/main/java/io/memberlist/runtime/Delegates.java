package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.MembershipEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The application's delegates as the driver reaches them, never on the event loop, through two
 * {@link CallbackDispatcher}s per node: {@code callbacks} tells the application what happened (events,
 * messages, remote state) in order; {@code queries} asks it what the protocol needs to go on (push/pull
 * state, meta, broadcasts, ack payload). A slow event handler therefore never delays a push/pull reply and
 * makes no join time out (Go calls both from different goroutines too). Results come back as futures (or
 * callbacks) that the driver moves back onto its loop.
 */
final class Delegates {
    private static final Logger log = LoggerFactory.getLogger(Delegates.class);
    /** Conflicts come from the network (anyone can forge an alive): one line per interval. */
    private static final LogThrottle conflictLog = new LogThrottle(log, Driver.NETWORK_LOG_INTERVAL);

    private final Config config;
    private final CallbackDispatcher callbacks;
    private final CallbackDispatcher queries;

    Delegates(Config config, CallbackDispatcher callbacks, CallbackDispatcher queries) {
        this.config = config;
        this.callbacks = callbacks;
        this.queries = queries;
    }

    /** Tells the matching delegate about {@code event}; a conflict nobody listens to is logged. */
    void dispatch(MembershipEvent event) {
        if (event instanceof MembershipEvent.Joined j && config.events() != null) {
            callbacks.execute(() -> config.events().notifyJoin(j.node()));
        } else if (event instanceof MembershipEvent.Left l && config.events() != null) {
            callbacks.execute(() -> config.events().notifyLeave(l.node()));
        } else if (event instanceof MembershipEvent.Updated u && config.events() != null) {
            callbacks.execute(() -> config.events().notifyUpdate(u.node()));
        } else if (event instanceof MembershipEvent.Conflict c && config.conflict() != null) {
            callbacks.execute(() -> config.conflict().notifyConflict(c.existing(), c.other()));
        } else if (event instanceof MembershipEvent.Conflict c) {
            conflictLog.warn("conflict", "memberlist {}: conflicting address for {}: known at {}, claimed from {}", config.name(),
                    c.existing().name(), c.existing().address(), c.other().address());
        } else if (event instanceof MembershipEvent.RemoteState s && config.delegate() != null) {
            callbacks.execute(() -> config.delegate().mergeRemoteState(s.userState(), s.join()));
        } else if (event instanceof MembershipEvent.PingComplete p && config.ping() != null) {
            callbacks.execute(() -> config.ping().notifyPingComplete(p.node(), Duration.ofNanos(p.rttNanos()),
                    p.payload()));
        }
    }

    /** A user message arrived (UDP, TCP, or gossiped broadcast). */
    void deliverUserMessage(byte[] payload) {
        if (config.delegate() != null) {
            callbacks.execute(() -> config.delegate().notifyMsg(payload));
        }
    }

    /** Whether there are pull-style hooks to poll: the ack payload or user broadcasts. */
    boolean hasPullHooks() {
        return config.delegate() != null || config.ping() != null;
    }

    /**
     * Reads the ack payload (null without a ping delegate) and pending user broadcasts, then hands both over,
     * always, even when a hook throws (logged; that hook then counts as having nothing): the driver waits for
     * this answer before it asks again. The delegate is told the room of a packet ({@code limit}) and the cost
     * of each message ({@code overhead}).
     */
    void pull(int overhead, int limit, BiConsumer<byte[], List<byte[]>> then) {
        queries.execute(() -> {
            byte[] ack = null;
            List<byte[]> broadcasts = null;
            try {
                ack = config.ping() == null ? null : config.ping().ackPayload();
            } catch (RuntimeException e) {
                log.warn("memberlist {}: PingDelegate.ackPayload threw; acks go out without a payload",
                        config.name(), e);
            }
            try {
                broadcasts = config.delegate() == null ? null : config.delegate().getBroadcasts(overhead, limit);
            } catch (RuntimeException e) {
                log.warn("memberlist {}: Delegate.getBroadcasts threw; nothing to piggyback this time",
                        config.name(), e);
            }
            then.accept(ack, broadcasts == null ? List.of() : broadcasts);
        });
    }

    /** The delegate's push/pull state; null when there is no delegate or it failed (logged). */
    CompletableFuture<byte[]> localState(boolean join) {
        if (config.delegate() == null) {
            return CompletableFuture.completedFuture(null);
        }
        return queries.submit(() -> config.delegate().localState(join)).exceptionally(error -> {
            log.warn("memberlist delegate localState failed; sending no user state", error);
            return null;
        });
    }

    /** The delegate's current node meta (empty without a delegate). */
    CompletableFuture<byte[]> nodeMeta() {
        return config.delegate() == null ? CompletableFuture.completedFuture(new byte[0])
                : queries.submit(() -> config.delegate().nodeMeta(Config.META_MAX_SIZE));
    }
}
