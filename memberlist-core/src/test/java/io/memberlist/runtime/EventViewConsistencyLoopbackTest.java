package io.memberlist.runtime;

import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.delegate.EventDelegate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event handler that reads {@code members()} sees the state the event describes, as a Go delegate (called
 * under the state lock) does; so does a caller whose join just completed. Before the driver published its view
 * ahead of executing effects, a completed join nearly always read the view from before the join, and an event
 * handler now and then read one from before its event.
 */
class EventViewConsistencyLoopbackTest {
    private static final Duration TCP_TIMEOUT = Duration.ofSeconds(5);
    private final List<Memberlist> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        nodes.forEach(Memberlist::shutdown);
    }

    @Test
    void joinAndLeaveEvents_membersReadInTheHandler_reflectTheEvent() throws Exception {
        AtomicReference<Memberlist> self = new AtomicReference<>();
        List<String> inconsistencies = new CopyOnWriteArrayList<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        EventDelegate checking = new EventDelegate() {
            @Override
            public void notifyJoin(Node node) {
                check("join", node, true);
            }

            @Override
            public void notifyLeave(Node node) {
                check("leave", node, false);
            }

            private void check(String what, Node node, boolean expectPresent) {
                Memberlist m = self.get();
                if (m == null) {
                    return;
                }
                boolean present = m.members().stream().anyMatch(n -> n.name().equals(node.name()));
                seen.add(what + " " + node.name());
                if (present != expectPresent) {
                    inconsistencies.add(what + " " + node.name() + " but members() " + (present ? "has" : "lacks") + " it");
                }
            }
        };
        Memberlist observer = Memberlist.create(LoopbackNodes.fast().tcpTimeout(TCP_TIMEOUT).name("observer")
                .events(checking).build());
        self.set(observer);
        nodes.add(observer);
        long bound = 2 * TCP_TIMEOUT.toMillis() + 5_000;
        for (int i = 0; i < 8; i++) {
            Memberlist peer = Memberlist.create(LoopbackNodes.fast().tcpTimeout(TCP_TIMEOUT).name("peer-" + i).build());
            nodes.add(peer);
            peer.joinAsync(List.of(LoopbackNodes.seed(observer))).get(bound, TimeUnit.MILLISECONDS);
            assertThat(peer.members()).as("right after its join completed, peer-%d sees the seed", i)
                    .anyMatch(n -> n.name().equals("observer"));
        }
        for (int i = 0; i < 8; i++) {
            nodes.get(1 + i).leave(Duration.ofSeconds(5));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().filter(s -> s.startsWith("leave")).count() == 8);
        assertThat(seen.stream().filter(s -> s.startsWith("join peer")).count()).isEqualTo(8);
        assertThat(inconsistencies).isEmpty();
    }
}
