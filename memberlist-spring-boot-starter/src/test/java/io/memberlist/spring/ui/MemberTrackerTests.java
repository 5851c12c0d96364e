package io.memberlist.spring.ui;

import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.spring.ui.MemberTracker.Change;
import io.memberlist.spring.ui.MemberTracker.Kind;
import io.memberlist.wire.Address;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How successive views of the cluster become timeline entries and "in state since" times. */
class MemberTrackerTests {
    private final MemberTracker tracker = new MemberTracker();

    private static Node node(String name, NodeState state, long incarnation, String meta) {
        return new Node(name, Address.of(InetAddress.getLoopbackAddress(), 7946), meta.getBytes(), state,
                incarnation, null);
    }

    @Test
    void transitions_areNamedAsAnOperatorReadsThem() {
        assertThat(MemberTracker.kind(null, node("a", NodeState.ALIVE, 1, ""))).isEqualTo(Kind.JOINED);
        assertThat(MemberTracker.kind(node("a", NodeState.ALIVE, 1, ""), node("a", NodeState.SUSPECT, 1, "")))
                .isEqualTo(Kind.SUSPECTED);
        assertThat(MemberTracker.kind(node("a", NodeState.SUSPECT, 1, ""), node("a", NodeState.ALIVE, 2, "")))
                .isEqualTo(Kind.REFUTED);
        assertThat(MemberTracker.kind(node("a", NodeState.SUSPECT, 1, ""), node("a", NodeState.DEAD, 1, "")))
                .isEqualTo(Kind.DEAD);
        assertThat(MemberTracker.kind(node("a", NodeState.ALIVE, 1, ""), node("a", NodeState.LEFT, 2, "")))
                .isEqualTo(Kind.LEFT);
        assertThat(MemberTracker.kind(node("a", NodeState.DEAD, 1, ""), node("a", NodeState.ALIVE, 3, "")))
                .isEqualTo(Kind.JOINED);
        assertThat(MemberTracker.kind(node("a", NodeState.ALIVE, 1, "x"), node("a", NodeState.ALIVE, 2, "y")))
                .isEqualTo(Kind.UPDATED);
        assertThat(MemberTracker.kind(node("a", NodeState.ALIVE, 1, "x"), node("a", NodeState.ALIVE, 2, "x")))
                .as("an incarnation bump alone refreshes the row but is no timeline entry").isNull();
    }

    @Test
    void update_reportsOnlyDifferences_andKeepsSinceUntilTheStateChanges() {
        List<Change> first = tracker.update(List.of(node("a", NodeState.ALIVE, 1, ""), node("b", NodeState.ALIVE, 1, "")),
                1_000);
        assertThat(first).extracting(Change::kind).containsExactly(Kind.JOINED, Kind.JOINED);

        assertThat(tracker.update(List.of(node("a", NodeState.ALIVE, 1, ""), node("b", NodeState.ALIVE, 1, "")),
                2_000)).isEmpty();

        List<Change> meta = tracker.update(List.of(node("a", NodeState.ALIVE, 2, "new"),
                node("b", NodeState.ALIVE, 1, "")), 3_000);
        assertThat(meta).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.UPDATED);
            assertThat(c.now().sinceMillis()).as("still alive since it joined").isEqualTo(1_000);
        });

        List<Change> suspect = tracker.update(List.of(node("a", NodeState.ALIVE, 2, "new"),
                node("b", NodeState.SUSPECT, 1, "")), 4_000);
        assertThat(suspect).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.SUSPECTED);
            assertThat(c.now().sinceMillis()).isEqualTo(4_000);
        });
    }

    @Test
    void departedEntryWinsOverALiveEntryOfTheSameName_andDroppingOutIsARemoval() {
        tracker.update(List.of(node("a", NodeState.ALIVE, 1, ""), node("b", NodeState.SUSPECT, 1, "")), 1_000);
        // The engine's snapshot may still hold b as suspect when the bridge already lists it dead.
        List<Change> dead = tracker.update(List.of(node("a", NodeState.ALIVE, 1, ""),
                node("b", NodeState.SUSPECT, 1, ""), node("b", NodeState.DEAD, 1, "")), 2_000);
        assertThat(dead).singleElement().extracting(Change::kind).isEqualTo(Kind.DEAD);

        List<Change> gone = tracker.update(List.of(node("a", NodeState.ALIVE, 1, "")), 3_000);
        assertThat(gone).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("b");
            assertThat(c.now()).isNull();
            assertThat(c.kind()).isNull();
        });
        assertThat(tracker.names()).containsExactly("a");
    }
}
