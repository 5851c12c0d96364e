package io.memberlist.spring.event;

import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.wire.Address;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MembershipEventBridgeTests {
    private final List<Object> published = new CopyOnWriteArrayList<>();

    private static Node node(String name, NodeState state) {
        return new Node(name, Address.ipv4(127, 0, 0, 1, 7946), new byte[0], state, 1, null);
    }

    @Test
    void burstWhileClosed_oneHeartbeatOnOpen_carryingTheLastVersion() throws Exception {
        // Queued before open(), the ten events run before the heartbeat they schedule: exactly one
        // heartbeat, however slow the machine.
        try (MembershipEventBridge bridge = new MembershipEventBridge(published::add, Duration.ofMillis(300),
                Duration.ofSeconds(30))) {
            for (int i = 0; i < 10; i++) {
                bridge.notifyJoin(node("n" + i, NodeState.ALIVE));
            }
            bridge.open();
            await().atMost(Duration.ofSeconds(5)).until(() -> heartbeats().contains(10L));
            Thread.sleep(600); // two intervals: nothing changed, so nothing more may come
            assertThat(heartbeats()).containsExactly(10L);
            assertThat(published.stream().filter(MemberJoinedEvent.class::isInstance)).hasSize(10);
        }
    }

    @Test
    void changesSpreadOverTime_atMostOneHeartbeatPerInterval_lastCarriesTheLastVersion() throws Exception {
        Duration interval = Duration.ofMillis(300);
        try (MembershipEventBridge bridge = new MembershipEventBridge(published::add, interval,
                Duration.ofSeconds(30))) {
            bridge.open();
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                bridge.notifyJoin(node("n" + i, NodeState.ALIVE));
                Thread.sleep(30); // each change lands after the previous one was published
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> heartbeats().contains(10L));
            long elapsed = System.nanoTime() - start;
            // Heartbeats are at least an interval apart, all within [start, now]: however long a loaded
            // machine took, at most 1 + elapsed / interval of them (about 2 here; one per change, 10,
            // without the interval).
            long allowed = 1 + elapsed / interval.toNanos();
            assertThat(heartbeats()).as("within %d ms", elapsed / 1_000_000).hasSizeLessThanOrEqualTo((int) allowed)
                    .last().isEqualTo(10L);
            assertThat(published.stream().filter(MemberJoinedEvent.class::isInstance)).hasSize(10);
        }
    }

    @Test
    void noChange_noHeartbeat() throws Exception {
        try (MembershipEventBridge bridge = new MembershipEventBridge(published::add, Duration.ofMillis(50),
                Duration.ofSeconds(30))) {
            bridge.open();
            Thread.sleep(300);
            assertThat(published).isEmpty();
        }
    }

    @Test
    void eventsWaitUntilOpened_thenArriveInOrder() throws Exception {
        try (MembershipEventBridge bridge = new MembershipEventBridge(published::add, Duration.ZERO,
                Duration.ofSeconds(30))) {
            bridge.notifyJoin(node("a", NodeState.ALIVE));
            bridge.notifyUpdate(node("a", NodeState.ALIVE));
            bridge.notifyLeave(node("a", NodeState.LEFT));
            Thread.sleep(200);
            assertThat(published).isEmpty();
            bridge.open();
            await().atMost(Duration.ofSeconds(3)).until(() -> published.size() >= 3);
            List<Object> members = published.stream().filter(MemberlistMemberEvent.class::isInstance).toList();
            assertThat(members).hasExactlyElementsOfTypes(MemberJoinedEvent.class, MemberUpdatedEvent.class,
                    MemberLeftEvent.class);
            assertThat(((MemberLeftEvent) members.get(2)).getReason()).isEqualTo(NodeState.LEFT);
            assertThat(bridge.departed()).extracting(d -> d.node().name()).containsExactly("a");
        }
    }

    private List<Long> heartbeats() {
        return published.stream().filter(HeartbeatEvent.class::isInstance)
                .map(e -> (Long) ((HeartbeatEvent) e).getValue()).toList();
    }
}
