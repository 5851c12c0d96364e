package io.memberlist.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The event heap pops earliest first, ties in scheduling order, across growth and interleaved polls. */
class EventQueueTest {

    private record Item(long at, long sequence) {
    }

    @Test
    void pops_byInstantThenSequence_likeASort() {
        SplittableRandom random = new SplittableRandom(3);
        EventQueue<Item> queue = new EventQueue<>();
        List<Item> pending = new ArrayList<>();
        List<Item> popped = new ArrayList<>();
        List<Item> expected = new ArrayList<>();
        long sequence = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = random.nextInt(200); i > 0; i--) {
                Item item = new Item(random.nextLong(40), sequence++); // few instants: many ties
                queue.add(item, item.at(), item.sequence());
                pending.add(item);
            }
            pending.sort(Comparator.comparingLong(Item::at).thenComparingLong(Item::sequence));
            for (int i = random.nextInt(pending.size() + 1); i > 0; i--) {
                assertThat(queue.peekAt()).isEqualTo(pending.get(0).at());
                expected.add(pending.remove(0));
                popped.add(queue.poll());
            }
        }
        while (!queue.isEmpty()) {
            popped.add(queue.poll());
        }
        expected.addAll(pending);
        assertThat(popped).hasSize((int) sequence).isEqualTo(expected);
    }
}
