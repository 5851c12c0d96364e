package io.memberlist.protocol;

import io.memberlist.NodeState;
import io.memberlist.wire.Address;
import io.memberlist.wire.Alive;
import io.memberlist.wire.PushPull;
import io.memberlist.wire.Suspect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static io.memberlist.protocol.MachineHarness.S;
import static io.memberlist.protocol.MachineHarness.VSN;
import static io.memberlist.protocol.MachineHarness.lan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The machine's rules that change with the cluster size {@code n} (self included), checked on both sides of
 * each boundary: Timing's formulas alone are table-tested in {@link TimingTest}; these check that the machine
 * feeds them the cluster size and acts on the answer.
 */
class ClusterSizeRulesTest {
    private static final long SEED = 42;

    /** Node "a" with {@code peers} more alive members, p0, p1, … at 10.0.1.x. */
    private static MachineHarness clusterOf(MachineHarness h, int peers) {
        for (int i = 0; i < peers; i++) {
            String name = "p" + i;
            Address at = Address.ipv4(10, 0, 1 + i / 250, 1 + i % 250, 7946);
            h.m.onPacket(at, new Alive(1, name, at.ip(), 7946, null, VSN.clone()), h.now);
        }
        h.drain();
        h.effects.clear();
        return h;
    }

    // Go's pushPullTrigger re-reads pushPullScale(PushPullInterval, estNumNodes()) before every round.
    @ParameterizedTest(name = "n={0}: push/pull every {1} s")
    @CsvSource({
            "32, 30",  // at the threshold: the configured interval
            "33, 60",  // one past it: doubled
            "64, 60",
            "65, 90",  // one past the next doubling: tripled
    })
    void pushPullTick_clusterOfN_nextRoundAfterTheScaledInterval(int n, long expectedSeconds) {
        MachineHarness h = clusterOf(new MachineHarness(lan().build(), SEED), n - 1);
        h.autoAck = true; // healthy peers: no suspicion changes the member count
        assertThat(h.m.numMembers()).isEqualTo(n);

        List<Long> rounds = new ArrayList<>();
        long end = h.now + 5 * expectedSeconds * S;
        while (h.m.nextDeadline() <= end) {
            int mark = h.effects.size();
            h.step();
            boolean opened = h.effects.subList(mark, h.effects.size()).stream()
                    .anyMatch(e -> e instanceof Effect.OpenStream o && o.request() instanceof PushPull);
            if (opened) {
                rounds.add(h.now);
            }
        }

        assertThat(rounds).as("push/pull rounds").hasSizeGreaterThanOrEqualTo(4);
        for (int i = 1; i < rounds.size(); i++) {
            assertThat(rounds.get(i) - rounds.get(i - 1)).as("gap before round %d", i)
                    .isEqualTo(expectedSeconds * S);
        }
    }

    // Go's suspectNode: k = SuspicionMult - 2 confirmations are expected only when the n - 2 other members
    // (neither we nor the suspect) can give them; otherwise k = 0 and the minimum timeout applies at once.
    @ParameterizedTest(name = "mult={0} n={1}: dead after {2} s")
    @CsvSource({
            // LAN suspicionMult 4: k = 2, so n = 3 leaves one possible confirmer: k = 0, min = 4 s.
            "4, 3,  4",
            "4, 4, 24",  // k = 2 expected: starts at the maximum, 6 x 4 s
            // suspicionMult 3: k = 1, so the boundary is one smaller.
            "3, 2,  3",
            "3, 3, 18",
            // suspicionMult 5: k = 3.
            "5, 4,  5",
            "5, 5, 30",
    })
    void suspicion_noConfirmations_timeoutDependsOnWhetherNMinusTwoCanConfirm(int mult, int n, long deadSeconds) {
        MachineHarness h = new MachineHarness(lan().suspicionMult(mult).build(), SEED);
        List<String> peers = List.of("b", "c", "d", "e").subList(0, n - 1);
        h.withPeers(peers.toArray(String[]::new));
        h.autoAck = true;
        assertThat(h.m.numMembers()).isEqualTo(n);
        String accuser = peers.size() > 1 ? peers.get(1) : "z"; // anyone's suspect message starts the timer
        long t = h.now;

        h.packet(accuser, new Suspect(1, "b", accuser));
        h.advanceTo(t + deadSeconds * S - 1);
        assertThat(h.m.member("b").state()).as("just before %d s", deadSeconds).isEqualTo(NodeState.SUSPECT);
        h.advanceTo(t + deadSeconds * S);
        assertThat(h.m.member("b").state()).as("at %d s", deadSeconds).isEqualTo(NodeState.DEAD);
    }
}
