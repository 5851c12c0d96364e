package io.memberlist.protocol;

import io.memberlist.Config;
import io.memberlist.NodeState;
import io.memberlist.wire.Dead;
import org.junit.jupiter.api.Test;

import static io.memberlist.protocol.MachineHarness.S;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members that left (or died) cannot confirm a suspicion, so they must not raise the number of
 * confirmations a suspicion waits for. The field report: 3-node local-profile cluster, one leaves, another
 * is killed: declared dead after 19.4 s (the 18 s maximum timeout) where 4 s were predicted.
 */
class SuspicionAfterLeaveTest {
    private static final Config LOCAL = Config.local().name("a").build();

    @Test
    void crashAfterAGracefulLeave_isDeclaredDeadAfterTheMinimumTimeout() {
        MachineHarness h = new MachineHarness(LOCAL, 11).withPeers("b", "c");
        h.packet("c", new Dead(1, "c", "c")); // c leaves gracefully
        assertThat(h.m.member("c").state()).isEqualTo(NodeState.LEFT);

        // b crashes: nothing answers "a"'s probes from now on.
        long suspectedAt = awaitState(h, "b", NodeState.SUSPECT);
        // Nobody alive is left to confirm: the minimum applies, suspicionMult probe intervals (log10(3) < 1).
        long minimum = LOCAL.suspicionMult() * LOCAL.probeInterval().toNanos();
        h.advanceTo(suspectedAt + minimum);
        assertThat(h.m.member("b").state()).isEqualTo(NodeState.DEAD);
    }

    @Test
    void crashWithTwoOthersAlive_stillWaitsForTheExpectedConfirmation() {
        MachineHarness h = new MachineHarness(LOCAL, 11).withPeers("b", "c");
        h.autoAck = false;
        long suspectedAt = awaitState(h, "b", NodeState.SUSPECT, "c");
        long minimum = LOCAL.suspicionMult() * LOCAL.probeInterval().toNanos();
        h.advanceTo(suspectedAt + minimum);
        // c could confirm (k = suspicionMult - 2 = 1): the timer starts at the maximum.
        assertThat(h.m.member("b").state()).isEqualTo(NodeState.SUSPECT);
        h.advanceTo(suspectedAt + LOCAL.suspicionMaxTimeoutMult() * minimum);
        assertThat(h.m.member("b").state()).isEqualTo(NodeState.DEAD);
    }

    /** Steps the clock until {@code name} is in {@code state}, acking probes of {@code healthy}; returns when. */
    private static long awaitState(MachineHarness h, String name, NodeState state, String... healthy) {
        for (int i = 0; i < 10_000; i++) {
            if (h.m.member(name).state() == state) {
                return h.now;
            }
            int mark = h.effects.size();
            h.step();
            for (Effect e : h.effects.subList(mark, h.effects.size())) {
                if (e instanceof Effect.SendPacket p && p.messages().get(0) instanceof io.memberlist.wire.Ping ping
                        && java.util.Arrays.stream(healthy).anyMatch(n -> ping.node().equals(n))) {
                    h.m.onPacket(p.to(), new io.memberlist.wire.Ack(ping.seqNo(), null), h.now);
                    h.drain();
                }
            }
        }
        throw new AssertionError(name + " never became " + state + " within " + (h.now / S) + " s");
    }
}
