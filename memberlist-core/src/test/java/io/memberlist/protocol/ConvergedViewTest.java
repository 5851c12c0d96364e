package io.memberlist.protocol;

import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.wire.Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A converged view's per-node probe orders: shared, yet each a permutation of its own. */
class ConvergedViewTest {
    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    private static ConvergedView view(int n) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(new Node("n" + i, Address.ipv4(10, 0, i / 250, i % 250 + 1, 7946), new byte[0],
                    NodeState.ALIVE, 1, VSN));
        }
        return ConvergedView.of(nodes, 0);
    }

    @Test
    void shuffledNames_isAPermutation_differentPerNode() {
        ConvergedView view = view(1_000);
        SplittableRandom random = new SplittableRandom(7);

        List<String> a = view.shuffledNames(random);
        List<String> b = view.shuffledNames(random);

        assertThat(new HashSet<>(a)).hasSize(1_000);
        assertThat(new HashSet<>(b)).isEqualTo(new HashSet<>(a));
        assertThat(a).isNotEqualTo(b);
        List<String> iterated = new ArrayList<>();
        a.forEach(iterated::add);
        List<String> indexed = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            indexed.add(a.get(i));
        }
        assertThat(iterated).isEqualTo(indexed);
        assertThatThrownBy(() -> a.get(1_000)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void membersFromAView_forEachSeesChangedRecords_inProbeOrder() {
        ConvergedView view = view(20);
        SplittableRandom random = new SplittableRandom(5);
        List<String> order = view.shuffledNames(random);
        Members m = new Members(view.records(), order, random);
        MemberRecord n3 = m.get("n3");
        m.put(new MemberRecord("n3", n3.address(), n3.meta(), VSN, NodeState.SUSPECT, 2, 10));

        List<String> names = new ArrayList<>();
        List<MemberRecord> seen = new ArrayList<>();
        m.forEach(r -> {
            names.add(r.name());
            seen.add(r);
        });

        assertThat(names).isEqualTo(order);
        assertThat(seen).filteredOn(r -> r.name().equals("n3")).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(NodeState.SUSPECT));
        assertThat(seen).filteredOn(r -> r.state() == NodeState.ALIVE).hasSize(19);
    }

    @Test
    void membersFromAView_probeEveryoneOnce_thenInsertANewName() {
        ConvergedView view = view(50);
        SplittableRandom random = new SplittableRandom(3);
        Members m = new Members(view.records(), view.shuffledNames(random), random);

        List<String> probed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            probed.add(m.nextProbeTarget(r -> false, 0, "n0").name());
        }
        m.put(new MemberRecord("new", Address.ipv4(10, 9, 9, 9, 7946), new byte[0], VSN, NodeState.ALIVE, 1, 0));

        assertThat(new HashSet<>(probed)).hasSize(50);
        assertThat(m.size()).isEqualTo(51);
        assertThat(m.get("new")).isNotNull();
        assertThat(view.shuffledNames(random)).hasSize(50).doesNotContain("new");
    }

    @Test
    void placeOf_findsEachSharedMembersPlaceInAProbeOrder() {
        for (int n : new int[] {2, 3, 7, 64, 1_000}) {
            ConvergedView view = view(n);
            SplittableRandom random = new SplittableRandom(n);
            for (int k = 0; k < 5; k++) {
                ConvergedView.Order order = (ConvergedView.Order) view.shuffledNames(random);
                for (int i = 0; i < n; i++) {
                    assertThat(order.placeOf(view.indexOf(order.get(i)))).isEqualTo(i);
                    assertThat(order.recordAt(i).name()).isEqualTo(order.get(i));
                }
            }
        }
        assertThat(view(3).indexOf("nobody")).isEqualTo(-1);
    }
}
