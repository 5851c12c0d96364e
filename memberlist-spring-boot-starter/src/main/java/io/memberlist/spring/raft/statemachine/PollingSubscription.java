package io.memberlist.spring.raft.statemachine;

import io.memberlist.spring.raft.Notification;
import io.memberlist.spring.raft.Subscription;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription as a chain of long polls to the leader: "notifications after my cursor", answered when one is
 * applied or after {@code pollWait} with none. One poll is outstanding at a time, so the listener sees
 * notifications one by one, in log order. The cursor only moves forward, so a notification is delivered at most
 * once even when a poll is repeated on a new leader; the new leader replays from its buffer what came after
 * the cursor, so nothing is lost while the gap fits in its buffer, and a {@link RatisRaftOperations#GAP_EVENT}
 * notification says when it did not.
 */
final class PollingSubscription implements Subscription {

    private static final Logger log = LoggerFactory.getLogger(PollingSubscription.class);

    private final RaftClient client;
    private final NotificationFilter filter;
    private final Consumer<Notification> listener;
    private final Duration pollWait;
    private final Duration replyTimeout;
    private final Duration backoff;
    private final ScheduledExecutorService scheduler;
    private final Runnable onClose;
    private final AtomicLong failedPolls = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private volatile boolean closed;
    /** Touched only by the single outstanding poll's completion. */
    private Position cursor;
    private RaftPeerId target;

    PollingSubscription(RaftClient client, NotificationFilter filter, Position start, Consumer<Notification> listener,
                        RatisRaftOperations.Settings settings, ScheduledExecutorService scheduler, Runnable onClose) {
        this.client = client;
        this.filter = filter;
        this.cursor = start;
        this.listener = listener;
        this.pollWait = settings.pollWait();
        this.replyTimeout = settings.pollWait().plus(settings.serverTimeout());
        this.backoff = settings.retryBackoff();
        this.scheduler = scheduler;
        this.onClose = onClose;
    }

    void start() {
        scheduler.execute(this::poll);
    }

    /** Polls that failed (leader change, timeout) and were repeated. */
    long failedPolls() {
        return failedPolls.get();
    }

    /** Notifications the listener threw on; the subscription carries on. */
    long listenerFailures() {
        return listenerFailures.get();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        byte[] request = WireFormat.poll(new WireFormat.Poll(filter, cursor, (int) pollWait.toMillis()));
        Message message = Message.valueOf(ByteString.copyFrom(request));
        var reply = target == null ? client.async().sendReadOnlyUnordered(message)
                : client.async().sendReadOnlyUnordered(message, target);
        reply.orTimeout(replyTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, error) -> {
                    try {
                        handle(r, error);
                    } catch (RuntimeException e) {
                        log.warn("Subscription to {}: unexpected failure handling a poll answer", filter, e);
                        retryLater();
                    }
                });
    }

    private void handle(RaftClientReply reply, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null || !reply.isSuccess()) {
            target = null;
            log.debug("Subscription to {}: poll failed, repeating", filter,
                    error != null ? error : reply.getException());
            retryLater();
            return;
        }
        WireFormat.PollAnswer answer = WireFormat.readPollAnswer(reply.getMessage().getContent().toByteArray());
        if (answer.status() != WireFormat.OK) {
            target = answer.status() == WireFormat.NOT_LEADER && !answer.error().isEmpty()
                    ? RaftPeerId.valueOf(answer.error()) : null;
            retryLater();
            return;
        }
        deliver(answer);
        scheduler.execute(this::poll);
    }

    private void deliver(WireFormat.PollAnswer answer) {
        if (cursor.equals(Position.NOW)) {
            // First answer to a "from now on" poll: the server chose the start and sent only what came after it.
            cursor = Position.START;
        }
        if (answer.gap() && answer.evictedUpTo().isAfter(cursor)) {
            notify(new Notification(filter.machine(), RatisRaftOperations.GAP_EVENT, filter.key(), new byte[0],
                    answer.evictedUpTo().index()));
            cursor = answer.evictedUpTo();
        }
        for (BufferedNotification n : answer.notifications()) {
            if (closed) {
                return;
            }
            if (n.position().isAfter(cursor)) {
                cursor = n.position();
                notify(n.toNotification());
            }
        }
        cursor = Position.max(cursor, answer.cursor());
    }

    private void notify(Notification notification) {
        try {
            listener.accept(notification);
        } catch (RuntimeException e) {
            listenerFailures.incrementAndGet();
            log.warn("Subscription to {}: listener threw on the notification at index {}", filter,
                    notification.index(), e);
        }
    }

    private void retryLater() {
        failedPolls.incrementAndGet();
        if (!closed) {
            scheduler.schedule(this::poll, backoff.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
