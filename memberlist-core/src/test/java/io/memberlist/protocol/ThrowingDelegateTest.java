package io.memberlist.protocol;

import io.memberlist.Config;
import io.memberlist.NodeState;
import io.memberlist.wire.PushNodeState;
import io.memberlist.wire.PushPull;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.memberlist.protocol.MachineHarness.VSN;
import static io.memberlist.protocol.MachineHarness.addr;
import static io.memberlist.protocol.MachineHarness.lan;
import static org.assertj.core.api.Assertions.assertThat;

/** A delegate that throws rejects what it was asked about; it never escapes the machine or half-applies a merge. */
class ThrowingDelegateTest {

    private static PushNodeState alive(String name) {
        return new PushNodeState(name, addr(name).ip(), 7946, null, 1, PushNodeState.STATE_ALIVE, VSN.clone());
    }

    private static Effect.PushPullDone joinWithReply(MachineHarness h, String... names) {
        long stream = h.m.join(addr("b"), h.now);
        h.drain();
        List<PushNodeState> nodes = java.util.Arrays.stream(names).map(ThrowingDelegateTest::alive).toList();
        h.m.onStreamReply(stream, new PushPull(false, nodes, null), h.now);
        return h.drain().stream().filter(e -> e instanceof Effect.PushPullDone).map(e -> (Effect.PushPullDone) e)
                .findFirst().orElseThrow(() -> new AssertionError("the join never finished"));
    }

    @Test
    void mergeDelegateThrows_joinIsRefusedWithTheReason_andNothingIsMerged() {
        Config config = lan().merge(peers -> {
            throw new IllegalStateException("boom");
        }).build();
        MachineHarness h = new MachineHarness(config, 3);

        Effect.PushPullDone done = joinWithReply(h, "b", "c", "d");

        assertThat(done.error()).contains("merge delegate threw").contains("boom");
        assertThat(h.m.member("b")).isNull();
        assertThat(h.m.member("c")).isNull();
        assertThat(h.m.delegateFailures()).isEqualTo(1);
    }

    @Test
    void aliveDelegateThrowsForOneNode_thatNodeIsRejected_theRestMergedAndTheJoinSucceeds() {
        Config config = lan().alive(peer -> {
            if (peer.name().equals("c")) {
                throw new IllegalStateException("boom");
            }
            return Optional.empty();
        }).build();
        MachineHarness h = new MachineHarness(config, 3);

        Effect.PushPullDone done = joinWithReply(h, "b", "c", "d");

        assertThat(done.error()).isNull();
        assertThat(h.m.member("b").state()).isEqualTo(NodeState.ALIVE);
        assertThat(h.m.member("c")).isNull();
        assertThat(h.m.member("d").state()).isEqualTo(NodeState.ALIVE);
        assertThat(h.m.delegateFailures()).isEqualTo(1);
    }
}
