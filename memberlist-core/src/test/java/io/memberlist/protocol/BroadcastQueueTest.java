package io.memberlist.protocol;

import io.memberlist.wire.Message;
import io.memberlist.wire.Suspect;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BroadcastQueue}: Go's TransmitLimitedQueue ordering, limits and invalidation. */
class BroadcastQueueTest {
    private static final int NO_OVERHEAD = 0;
    private static final int ROOM = 10_000;
    private static final int ANY = Integer.MAX_VALUE;

    private final List<Long> finished = new ArrayList<>();

    private BroadcastQueue queue(int retransmitMult) {
        return new BroadcastQueue(retransmitMult, Integer.MAX_VALUE, finished::add);
    }

    /** A message we recognise by name; its size is given separately to the queue. */
    private static Message msg(String name) {
        return new Suspect(1, name, "x");
    }

    private static List<String> names(List<Message> messages) {
        return messages.stream().map(m -> ((Suspect) m).node()).toList();
    }

    @Test
    void take_atRetransmitLimit_dropsItemAndReportsToken() {
        BroadcastQueue q = queue(2); // n = 9 -> limit 2 * ceil(log10(10)) = 2
        q.queue(msg("a"), 10, "a", 7);

        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, ANY))).containsExactly("a");
        assertThat(finished).isEmpty();
        assertThat(q.contains(7)).isTrue();

        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, ANY))).containsExactly("a");
        assertThat(finished).containsExactly(7L);
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.take(NO_OVERHEAD, ROOM, 9, ANY)).isEmpty();
    }

    @Test
    void take_limitFollowsClusterSize() {
        BroadcastQueue q = queue(4);
        q.queue(msg("a"), 10, "a", 1);
        int sent = 0;
        while (!q.isEmpty()) {
            q.take(NO_OVERHEAD, ROOM, 10, ANY); // 4 * ceil(log10(11)) = 8
            sent++;
        }
        assertThat(sent).isEqualTo(8);
    }

    @Test
    void take_oneItemPerCall_sendsFewestTransmitsFirst() {
        BroadcastQueue q = queue(10);
        q.queue(msg("old"), 10, "old", 0);
        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, 1))).containsExactly("old"); // old: 1 transmit
        q.queue(msg("new"), 5, "new", 0);

        // The smaller, fresher message goes first: tiers are walked before sizes.
        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, 1))).containsExactly("new");
        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, 2))).containsExactly("old", "new");
    }

    @Test
    void take_withinTier_takesLargestThatFits() {
        BroadcastQueue q = queue(10);
        q.queue(msg("small"), 10, "small", 0);
        q.queue(msg("big"), 100, "big", 0);
        q.queue(msg("medium"), 50, "medium", 0);

        assertThat(names(q.take(NO_OVERHEAD, 70, 9, ANY))).containsExactly("medium", "small");
        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, ANY))).containsExactly("big", "medium", "small");
    }

    @Test
    void take_equalSizes_takesNewestFirst() {
        BroadcastQueue q = queue(10);
        q.queue(msg("first"), 10, "first", 0);
        q.queue(msg("second"), 10, "second", 0);
        q.queue(msg("third"), 10, "third", 0);

        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, ANY))).containsExactly("third", "second", "first");
    }

    @Test
    void take_itemSentInThisCall_isNotRepeatedInTheSameCall() {
        BroadcastQueue q = queue(10);
        q.queue(msg("only"), 10, "only", 0);
        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, ANY))).containsExactly("only");
    }

    @Test
    void take_lowerTierTooBig_fallsThroughToHigherTier() {
        BroadcastQueue q = queue(10);
        q.queue(msg("sent"), 10, "sent", 0);
        q.take(NO_OVERHEAD, ROOM, 9, ANY); // "sent" now in tier 1
        q.queue(msg("fresh-big"), 500, "fresh-big", 0);

        assertThat(names(q.take(NO_OVERHEAD, 100, 9, ANY))).containsExactly("sent");
    }

    @Test
    void queue_sameKey_replacesOldAndReportsItsToken() {
        BroadcastQueue q = queue(10);
        q.queue(msg("v1"), 10, "node", 11);
        q.queue(msg("v2"), 10, "node", 12);

        assertThat(finished).containsExactly(11L);
        assertThat(q.size()).isEqualTo(1);
        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, ANY))).containsExactly("v2");
    }

    @Test
    void queue_nullKey_neverReplaces() {
        BroadcastQueue q = queue(10);
        q.queue(msg("u1"), 10, null, 0);
        q.queue(msg("u2"), 10, null, 0);
        assertThat(q.size()).isEqualTo(2);
    }

    @Test
    void queue_replacedAfterSomeTransmits_newOneStartsAtTierZero() {
        BroadcastQueue q = queue(10);
        q.queue(msg("v1"), 10, "node", 0);
        q.queue(msg("other"), 10, "other", 0);
        q.take(NO_OVERHEAD, ROOM, 9, ANY); // both in tier 1
        q.queue(msg("v2"), 10, "node", 0);

        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, 1))).containsExactly("v2");
    }

    @Test
    void take_overheadPerMessage_countsAgainstLimit() {
        BroadcastQueue q = queue(10);
        q.queue(msg("a"), 10, "a", 0);
        q.queue(msg("b"), 10, "b", 0);
        q.queue(msg("c"), 10, "c", 0);

        // Each costs 10 + 2: 36 fits three, 35 only two.
        assertThat(q.take(2, 36, 9, ANY)).hasSize(3);
        q.queue(msg("d"), 10, "d", 0);
        q.queue(msg("e"), 10, "e", 0);
        q.queue(msg("f"), 10, "f", 0);
        assertThat(q.take(2, 35, 9, 3)).hasSize(2);
    }

    @Test
    void take_countMax_capsMessagesPerCall() {
        BroadcastQueue q = queue(10);
        for (int i = 0; i < 10; i++) {
            q.queue(msg("m" + i), 10, "m" + i, 0);
        }
        assertThat(q.take(NO_OVERHEAD, ROOM, 9, 4)).hasSize(4);
    }

    @Test
    void take_nothingFits_returnsEmptyAndKeepsItems() {
        BroadcastQueue q = queue(10);
        q.queue(msg("big"), 100, "big", 0);
        assertThat(q.take(NO_OVERHEAD, 50, 9, ANY)).isEmpty();
        assertThat(q.size()).isEqualTo(1);
    }

    @Test
    void queue_overMaxItems_dropsMostSentThenOldestAndReportsToken() {
        BroadcastQueue q = new BroadcastQueue(10, 2, finished::add);
        q.queue(msg("sent"), 10, null, 1);
        q.take(NO_OVERHEAD, ROOM, 9, ANY); // "sent" has one transmit
        q.queue(msg("fresh1"), 10, null, 2);
        q.queue(msg("fresh2"), 10, null, 3);

        assertThat(finished).containsExactly(1L);
        assertThat(names(q.take(NO_OVERHEAD, ROOM, 9, ANY))).containsExactly("fresh2", "fresh1");
    }

    @Test
    void clear_reportsEveryToken() {
        BroadcastQueue q = queue(10);
        q.queue(msg("a"), 10, "a", 1);
        q.queue(msg("b"), 10, "b", 0);
        q.queue(msg("c"), 10, "c", 3);
        q.clear();
        assertThat(finished).containsExactlyInAnyOrder(1L, 3L);
        assertThat(q.isEmpty()).isTrue();
    }
}
