package io.memberlist.protocol;

import io.memberlist.Config;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.wire.Address;
import io.memberlist.wire.Alive;
import io.memberlist.wire.Dead;
import io.memberlist.wire.PushPull;
import io.memberlist.wire.Suspect;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A push/pull between machines started from one converged view carries {@link ConvergedStates}: it must
 * read like the plain list of states and merge exactly like it (same records, same effects, same timers),
 * although the merge walks only the changed records.
 */
class ConvergedStatesTest {
    private static final long S = 1_000_000_000L;
    private static final int N = 60;
    private static final byte[] VSN = Config.lan().name("x").build().versions();

    private final ConvergedView view = view();

    private static ConvergedView view() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            nodes.add(new Node("n" + i, address(i), new byte[0], NodeState.ALIVE, 1, VSN));
        }
        return ConvergedView.of(nodes, 0);
    }

    private static Address address(int i) {
        return Address.ipv4(10, 0, 0, i + 1, 7946);
    }

    private SwimMachine machine(Config.Builder config, String name, long seed) {
        return SwimMachine.startConverged(config.name(name).build(), view, new SplittableRandom(seed), 0);
    }

    private static Alive alive(int i, long incarnation) {
        return new Alive(incarnation, "n" + i, address(i).ip(), 7946, new byte[0], VSN);
    }

    /** "n1" has diverged: a suspect, a dead, a newer alive, and an accusation against "n2". */
    private static SwimMachine diverged(SwimMachine n1) {
        n1.onPacket(address(3), new Suspect(1, "n7", "n3"), S);
        n1.onPacket(address(4), new Dead(1, "n8", "n4"), S);
        n1.onPacket(address(9), alive(9, 2), S);
        n1.onPacket(address(5), new Suspect(1, "n2", "n5"), S);
        n1.drainEffects(e -> { });
        return n1;
    }

    /** "n2" has diverged too, differently, so both sides carry changes. */
    private static SwimMachine divergedToo(SwimMachine n2) {
        n2.onPacket(address(10), alive(10, 3), S);
        n2.onPacket(address(6), new Suspect(1, "n11", "n6"), S);
        n2.drainEffects(e -> { });
        return n2;
    }

    /** What {@code m} sends in a push/pull: its reply to an empty one. */
    private static PushPull localState(SwimMachine m, long nowNanos) {
        m.onStream(99, address(50), new PushPull(false, List.of(), null), nowNanos);
        List<PushPull> replies = new ArrayList<>();
        m.drainEffects(e -> {
            if (e instanceof Effect.ReplyStream r) {
                replies.add((PushPull) r.reply());
            }
        });
        return replies.get(0);
    }

    @Test
    void sharedStates_readLikeTheMachinesView_inItsProbeOrder() {
        SwimMachine n1 = diverged(machine(Config.lan(), "n1", 1));

        PushPull sent = localState(n1, 2 * S);

        assertThat(sent.nodes()).isInstanceOf(ConvergedStates.class).hasSize(N);
        List<String> expected = new ArrayList<>();
        n1.nodes().forEach(n -> expected.add(n.name() + " " + n.state() + "@" + n.incarnation() + " "
                + n.address() + " " + Arrays.toString(n.versions())));
        List<String> carried = new ArrayList<>();
        sent.nodes().forEach(s -> carried.add(s.name() + " " + NodeState.fromCode(s.state()) + "@"
                + s.incarnation() + " " + Address.of(s.addr(), s.port()) + " " + Arrays.toString(s.vsn())));
        assertThat(carried).isEqualTo(expected);
    }

    @Test
    void mergingSharedStates_sameOutcomeAsMergingThePlainList_overTheFollowingMinute() {
        PushPull sent = localState(diverged(machine(Config.lan(), "n1", 1)), 2 * S);
        SwimMachine shared = divergedToo(machine(Config.lan(), "n2", 2));
        SwimMachine plain = divergedToo(machine(Config.lan(), "n2", 2));

        List<String> sharedTrace = new ArrayList<>();
        List<String> plainTrace = new ArrayList<>();
        shared.onStream(1, address(1), sent, 2 * S);
        plain.onStream(1, address(1), new PushPull(false, new ArrayList<>(sent.nodes()), null), 2 * S);
        for (long t = 2 * S; t <= 60 * S; t += S / 10) {
            shared.onTimeout(t);
            plain.onTimeout(t);
            shared.drainEffects(e -> sharedTrace.add(describe(e)));
            plain.drainEffects(e -> plainTrace.add(describe(e)));
            sharedTrace.add(describe(shared.nodes()));
            plainTrace.add(describe(plain.nodes()));
        }

        assertThat(shared.changesOnlyMerges()).as("the shared merge took the changes-only path").isEqualTo(1);
        assertThat(plain.changesOnlyMerges()).isZero();
        assertThat(sharedTrace).isEqualTo(plainTrace);
        assertThat(String.join("\n", sharedTrace))
                .as("the merge did something: n2 refuted, n7 suspected, n8 dead, n9 at 2")
                .contains("incarnation=2, node=n2").contains("n7 SUSPECT").contains("n8 SUSPECT").contains("n9 ALIVE@2");
    }

    @Test
    void withAnAliveDelegate_everyAliveStateIsStillShownToIt() {
        AtomicInteger asked = new AtomicInteger();
        Config.Builder counting = Config.lan().alive(peer -> {
            asked.incrementAndGet();
            return Optional.empty();
        });
        PushPull sent = localState(diverged(machine(Config.lan(), "n1", 1)), 2 * S);
        SwimMachine receiver = machine(counting, "n2", 2);
        receiver.onStream(1, address(1), new PushPull(false, new ArrayList<>(sent.nodes()), null), 2 * S);
        int askedForPlain = asked.getAndSet(0);

        receiver.onStream(2, address(1), sent, 3 * S);

        assertThat(asked.get()).isEqualTo(askedForPlain).isGreaterThan(N / 2);
        assertThat(receiver.changesOnlyMerges()).isZero();
    }

    @Test
    void sharedStatesFromAnotherView_mergeInFull() {
        PushPull sent = localState(machine(Config.lan(), "n1", 1), S);
        ConvergedView other = view();
        SwimMachine receiver = SwimMachine.startConverged(Config.lan().name("n2").build(), other,
                new SplittableRandom(2), 0);

        receiver.onStream(1, address(1), sent, S);

        assertThat(receiver.changesOnlyMerges()).isZero();
    }

    /** Records (effects, messages, nodes) with their byte arrays spelled out, so two runs compare by value. */
    private static String describe(Object o) {
        if (o instanceof byte[] b) {
            return Arrays.toString(b);
        }
        if (o instanceof Node n) {
            return n.name() + " " + n.state() + "@" + n.incarnation() + " " + n.address();
        }
        if (o instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(x -> parts.add(describe(x)));
            return parts.toString();
        }
        if (o instanceof Record r) {
            StringBuilder sb = new StringBuilder(r.getClass().getSimpleName()).append('(');
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    sb.append(c.getName()).append('=').append(describe(c.getAccessor().invoke(r))).append(", ");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return sb.append(')').toString();
        }
        return String.valueOf(o);
    }
}
