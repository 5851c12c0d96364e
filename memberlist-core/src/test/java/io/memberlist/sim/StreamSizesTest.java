package io.memberlist.sim;

import io.memberlist.Config;
import io.memberlist.transport.Framing;
import io.memberlist.wire.PushNodeState;
import io.memberlist.wire.PushPull;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Push/pull sizes remembered by content: exact without compression, close with it. */
class StreamSizesTest {

    @Test
    void uncompressed_sameStatesInAnotherOrder_exactSize() {
        Framing framing = Framing.of(Config.lan().name("s").enableCompression(false).build(), null);
        StreamSizes sizes = new StreamSizes(framing);
        PushPull a = pushPull(500, 1);
        PushPull b = pushPull(500, 2);

        assertThat(sizes.size(a)).isEqualTo(framing.encodeStream(a).length);
        assertThat(sizes.size(b)).isEqualTo(framing.encodeStream(b).length);
    }

    @Test
    void compressed_sameStatesInAnotherOrder_withinOnePercent() {
        Framing framing = Framing.of(Config.lan().name("s").build(), null);
        StreamSizes sizes = new StreamSizes(framing);
        int first = sizes.size(pushPull(2_000, 1));
        for (long order = 2; order < 6; order++) {
            PushPull other = pushPull(2_000, order);
            assertThat((double) sizes.size(other)).isEqualTo(first);
            assertThat((double) framing.encodeStream(other).length).isCloseTo(first, within(first * 0.01));
        }
    }

    @Test
    void differentStates_areNotConfused() {
        Framing framing = Framing.of(Config.lan().name("s").enableCompression(false).build(), null);
        StreamSizes sizes = new StreamSizes(framing);
        List<PushNodeState> nodes = new ArrayList<>(pushPull(100, 1).nodes());
        sizes.size(new PushPull(false, nodes, new byte[0]));
        PushNodeState s = nodes.get(7);
        nodes.set(7, new PushNodeState(s.name(), s.addr(), s.port(), new byte[40], s.incarnation() + 300, 1, s.vsn()));
        PushPull changed = new PushPull(false, nodes, new byte[0]);

        assertThat(sizes.size(changed)).isEqualTo(framing.encodeStream(changed).length);
    }

    private static PushPull pushPull(int n, long orderSeed) {
        List<PushNodeState> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] ip = Simulation.addressOf(i).ip();
            nodes.add(new PushNodeState(Simulation.nameOf(i), ip, 7946, new byte[0], 1 + i % 3, 0,
                    new byte[] {1, 5, 2, 0, 0, 0}));
        }
        Collections.shuffle(nodes, new Random(orderSeed));
        return new PushPull(false, nodes, new byte[0]);
    }
}
