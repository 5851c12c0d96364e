package io.memberlist.spring.raft.statemachine;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded notification buffer: filtering, cursors, gaps, waiting polls. */
class NotificationLogTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final NotificationLog log = new NotificationLog(3, Runnable::run);
    private final NotificationFilter keyA = new NotificationFilter("m", "changed", "a");
    private final NotificationFilter anyKey = new NotificationFilter("m", "changed", null);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static BufferedNotification n(long index, int ordinal, String key) {
        return new BufferedNotification("m", "changed", key, new byte[] {(byte) index}, new Position(index, ordinal));
    }

    @Test
    void readReturnsMatchingNotificationsAfterTheCursorAndMovesThePastNonMatchingOnes() {
        log.append(List.of(n(1, 0, "a"), n(1, 1, "b")));
        log.append(List.of(n(2, 0, "b")));
        WireFormat.PollAnswer answer = log.read(keyA, Position.START);
        assertThat(answer.notifications()).extracting(BufferedNotification::position)
                .containsExactly(new Position(1, 0));
        assertThat(answer.cursor()).isEqualTo(new Position(2, 0));
        assertThat(answer.gap()).isFalse();
        assertThat(log.read(anyKey, new Position(1, 0)).notifications()).hasSize(2);
    }

    @Test
    void aCursorOlderThanTheEvictedOnesIsToldOfTheGap() {
        for (long i = 1; i <= 5; i++) {
            log.append(List.of(n(i, 0, "a")));
        }
        WireFormat.PollAnswer behind = log.read(keyA, new Position(1, 0));
        assertThat(behind.gap()).isTrue();
        assertThat(behind.evictedUpTo()).isEqualTo(new Position(2, 0));
        assertThat(behind.notifications()).extracting(BufferedNotification::position)
                .containsExactly(new Position(3, 0), new Position(4, 0), new Position(5, 0));
        assertThat(log.read(keyA, new Position(2, 0)).gap()).as("nothing after the cursor was lost").isFalse();
    }

    @Test
    void aWaitingPollIsAnsweredByTheFirstMatchingAppendOnly() throws Exception {
        var poll = log.poll(keyA, Position.NOW, 10_000, timer);
        log.append(List.of(n(1, 0, "b")));
        assertThat(poll).isNotDone();
        log.append(List.of(n(2, 0, "a")));
        assertThat(poll.get(5, TimeUnit.SECONDS).notifications()).extracting(BufferedNotification::key)
                .containsExactly("a");
        assertThat(log.waiting()).isZero();
    }

    @Test
    void aWaitingPollEndsEmptyAfterItsWaitOrWhenReleased() throws Exception {
        var timed = log.poll(keyA, Position.START, 50, timer);
        assertThat(timed.get(5, TimeUnit.SECONDS).notifications()).isEmpty();
        var released = log.poll(keyA, Position.START, 60_000, timer);
        log.releaseAll();
        assertThat(released.get(5, TimeUnit.SECONDS).notifications()).isEmpty();
    }
}
