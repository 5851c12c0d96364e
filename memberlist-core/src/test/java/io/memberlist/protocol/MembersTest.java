package io.memberlist.protocol;

import io.memberlist.NodeState;
import io.memberlist.wire.Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The local view: random insertion, round-robin probing, reaping, random choice, copy-on-write sharing. */
class MembersTest {
    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};
    private static final Predicate<MemberRecord> SKIP_SELF_AND_DEAD =
            r -> r.name().equals("a") || r.state().isDeadOrLeft();

    private static MemberRecord rec(String name, NodeState state, long stateChangeNanos) {
        int last = name.charAt(0);
        return new MemberRecord(name, Address.ipv4(10, 0, 0, last, 7946), new byte[0], VSN, state, 1, stateChangeNanos);
    }

    private static Members members(long seed, String... names) {
        Members m = new Members(new SplittableRandom(seed));
        for (String n : names) {
            m.put(rec(n, NodeState.ALIVE, 0));
        }
        return m;
    }

    private static List<String> order(Members m) {
        List<String> names = new ArrayList<>();
        m.forEach(r -> names.add(r.name()));
        return names;
    }

    @Test
    void put_newName_insertedAtRandomPlaceNeverLast() {
        for (long seed = 0; seed < 50; seed++) {
            Members m = members(seed, "a", "b", "c", "d");
            m.put(rec("e", NodeState.ALIVE, 0));
            List<String> order = order(m);
            assertThat(order).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
            assertThat(order.get(order.size() - 1)).as("seed %d", seed).isNotEqualTo("e");
        }
    }

    @Test
    void put_newName_positionDependsOnRandom() {
        java.util.Set<Integer> positions = new java.util.HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            Members m = members(seed, "a", "b", "c", "d", "e", "f");
            m.put(rec("g", NodeState.ALIVE, 0));
            positions.add(order(m).indexOf("g"));
        }
        assertThat(positions).hasSizeGreaterThan(3);
    }

    @Test
    void put_existingName_replacesRecordInPlace() {
        Members m = members(1, "a", "b", "c");
        List<String> before = order(m);
        long version = m.version();
        m.put(rec("b", NodeState.SUSPECT, 5));
        assertThat(order(m)).isEqualTo(before);
        assertThat(m.get("b").state()).isEqualTo(NodeState.SUSPECT);
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.version()).isGreaterThan(version);
    }

    @Test
    void nextProbeTarget_roundRobin_visitsEveryoneOncePerRoundAndSkips() {
        Members m = members(3, "a", "b", "c", "d", "e");
        m.put(rec("x", NodeState.DEAD, 1_000)); // dead but too young to reap
        Map<String, Integer> seen = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            List<String> thisRound = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                thisRound.add(m.nextProbeTarget(SKIP_SELF_AND_DEAD, 0, "a").name());
            }
            assertThat(thisRound).as("round %d", round).containsExactlyInAnyOrder("b", "c", "d", "e");
            thisRound.forEach(n -> seen.merge(n, 1, Integer::sum));
        }
        assertThat(seen).containsOnlyKeys("b", "c", "d", "e").allSatisfy((k, v) -> assertThat(v).isEqualTo(3));
    }

    @Test
    void nextProbeTarget_onlySkippable_returnsNull() {
        Members m = members(1, "a");
        m.put(rec("d", NodeState.DEAD, 1_000));
        assertThat(m.nextProbeTarget(SKIP_SELF_AND_DEAD, 0, "a")).isNull();
        assertThat(new Members(new SplittableRandom(1)).nextProbeTarget(SKIP_SELF_AND_DEAD, 0, "a")).isNull();
    }

    @Test
    void nextProbeTarget_atWrap_reapsDeadAndLeftOlderThanCutoff() {
        Members m = members(7, "a", "b");
        m.put(rec("oldDead", NodeState.DEAD, 100));
        m.put(rec("oldLeft", NodeState.LEFT, 100));
        m.put(rec("youngDead", NodeState.DEAD, 300));
        m.put(rec("oldSuspect", NodeState.SUSPECT, 100));

        // Walk through at least one full round so the index wraps.
        for (int i = 0; i < 4; i++) {
            m.nextProbeTarget(SKIP_SELF_AND_DEAD, 200, "a");
        }
        assertThat(m.get("oldDead")).isNull();
        assertThat(m.get("oldLeft")).isNull();
        assertThat(m.get("youngDead")).isNotNull();
        assertThat(m.get("oldSuspect")).isNotNull();
        assertThat(order(m)).containsExactlyInAnyOrder("a", "b", "youngDead", "oldSuspect");
        assertThat(m.size()).isEqualTo(4);
    }

    @Test
    void nextProbeTarget_beforeWrap_doesNotReapAndAtWrapDoes() {
        Map<String, MemberRecord> shared = Map.of(
                "a", rec("a", NodeState.ALIVE, 0),
                "b", rec("b", NodeState.ALIVE, 0),
                "d", rec("d", NodeState.DEAD, 100),
                "c", rec("c", NodeState.ALIVE, 0));
        Members m = new Members(shared, List.of("a", "b", "d", "c"), new SplittableRandom(1));

        assertThat(m.nextProbeTarget(SKIP_SELF_AND_DEAD, 1_000, "a").name()).isEqualTo("b");
        assertThat(m.nextProbeTarget(SKIP_SELF_AND_DEAD, 1_000, "a").name()).isEqualTo("c");
        assertThat(m.get("d")).isNotNull();

        m.nextProbeTarget(SKIP_SELF_AND_DEAD, 1_000, "a"); // wraps
        assertThat(m.get("d")).isNull();
        assertThat(order(m)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void nextProbeTarget_atWrap_neverReapsTheLocalNode() {
        Members m = new Members(new SplittableRandom(1));
        m.put(rec("a", NodeState.LEFT, 100)); // we left long ago
        m.put(rec("b", NodeState.LEFT, 100));
        m.nextProbeTarget(SKIP_SELF_AND_DEAD, 1_000, "a");
        assertThat(m.get("a")).isNotNull();
        assertThat(m.get("b")).isNull();
    }

    @Test
    void randomMembers_neverReturnsExcludedOrDuplicates() {
        Members m = members(11, "a", "b", "c", "d", "e", "f", "g");
        m.put(rec("x", NodeState.DEAD, 0));
        for (int i = 0; i < 100; i++) {
            List<MemberRecord> picked = m.randomMembers(3, r -> r.name().equals("a") || r.state() != NodeState.ALIVE);
            assertThat(picked).hasSize(3).doesNotHaveDuplicates();
            assertThat(picked).extracting(MemberRecord::name).doesNotContain("a", "x");
        }
    }

    @Test
    void randomMembers_fewEligible_returnsAllOfThem() {
        Members m = members(5, "a", "b", "c");
        List<MemberRecord> picked = m.randomMembers(10, r -> r.name().equals("a"));
        assertThat(picked).extracting(MemberRecord::name).containsExactlyInAnyOrder("b", "c");
        assertThat(new Members(new SplittableRandom(1)).randomMembers(3, r -> false)).isEmpty();
    }

    @Test
    void sharedView_changes_stayPrivateToEachMembers() {
        Map<String, MemberRecord> base = new HashMap<>();
        for (String n : List.of("a", "b", "c")) {
            base.put(n, rec(n, NodeState.ALIVE, 0));
        }
        Map<String, MemberRecord> shared = java.util.Collections.unmodifiableMap(base);
        Members one = new Members(shared, List.of("a", "b", "c"), new SplittableRandom(1));
        Members two = new Members(shared, List.of("a", "b", "c"), new SplittableRandom(2));

        one.put(rec("b", NodeState.SUSPECT, 10));
        one.put(rec("d", NodeState.ALIVE, 10));

        assertThat(one.get("b").state()).isEqualTo(NodeState.SUSPECT);
        assertThat(two.get("b").state()).isEqualTo(NodeState.ALIVE);
        assertThat(shared.get("b").state()).isEqualTo(NodeState.ALIVE);
        assertThat(two.get("d")).isNull();
        assertThat(one.size()).isEqualTo(4);
        assertThat(two.size()).isEqualTo(3);
    }

    @Test
    void sharedView_reapingSharedRecord_hidesItOnlyHereAndAllowsRejoin() {
        Map<String, MemberRecord> shared = Map.of(
                "a", rec("a", NodeState.ALIVE, 0),
                "b", rec("b", NodeState.ALIVE, 0),
                "c", rec("c", NodeState.DEAD, 0));
        Members one = new Members(shared, List.of("a", "b", "c"), new SplittableRandom(1));
        Members two = new Members(shared, List.of("a", "b", "c"), new SplittableRandom(2));

        for (int i = 0; i < 3; i++) {
            one.nextProbeTarget(SKIP_SELF_AND_DEAD, 100, "a");
        }
        assertThat(one.get("c")).isNull();
        assertThat(one.size()).isEqualTo(2);
        assertThat(two.get("c")).isNotNull();

        one.put(rec("c", NodeState.ALIVE, 200));
        assertThat(one.get("c").state()).isEqualTo(NodeState.ALIVE);
        assertThat(order(one)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void count_andAnyOther_readTheView() {
        Members m = members(1, "a", "b");
        m.put(rec("c", NodeState.DEAD, 0));
        assertThat(m.count(NodeState.ALIVE)).isEqualTo(2);
        assertThat(m.count(NodeState.DEAD)).isEqualTo(1);
        assertThat(m.anyOther("a", r -> r.state() == NodeState.ALIVE)).isTrue();
        assertThat(m.anyOther("b", r -> r.name().equals("b"))).isFalse();
    }
}
