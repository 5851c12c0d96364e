package io.memberlist.sim;

import io.memberlist.Config;
import io.memberlist.MembershipEvent;
import io.memberlist.Node;
import io.memberlist.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the simulator's counters mean, as {@link SimulationReport} and {@link Measurements} document it:
 * bytes are counted as framed for the wire (after compression and encryption); false alarms count every
 * notification.
 */
class TrafficCountTest {
    private static final long SEED = 5;
    /** Encryption version byte, 12-byte nonce and 16-byte GCM tag: added to every packet and stream frame. */
    private static final int AEAD_OVERHEAD = 1 + 12 + 16;

    /** {packets, bytes} sent by 20 converged nodes in 40 s (a push/pull round included). */
    private static long[] traffic(Config.Builder config) {
        Simulation sim = new Simulation(config.name("sim").build(), new FaultPlan(), SEED);
        sim.addConverged(20);
        sim.runUntil(40 * SimHarness.S);
        long packets = 0;
        long bytes = 0;
        for (SimNode n : sim.nodes()) {
            packets += n.packetsSent;
            bytes += n.bytesSent;
        }
        return new long[] {packets, bytes};
    }

    @Test
    void bytesSent_encrypted_countsTheAeadOverheadOfEverySend() {
        long[] plain = traffic(Config.lan());
        long[] encrypted = traffic(Config.lan().secretKeys(List.of(new byte[32])));
        assertThat(encrypted[0]).as("framing must not change what is sent").isEqualTo(plain[0]);
        assertThat(encrypted[1] - plain[1]).isGreaterThanOrEqualTo(AEAD_OVERHEAD * plain[0]);
    }

    @Test
    void bytesSent_compressed_countsTheCompressedSize() {
        long[] raw = traffic(Config.lan().enableCompression(false));
        long[] compressed = traffic(Config.lan().enableCompression(true));
        assertThat(compressed[0]).isEqualTo(raw[0]);
        assertThat(compressed[1]).as("push/pull states compress").isLessThan(raw[1]);
    }

    @Test
    void falseSuspects_sameObserverSameMemberTwice_countsTwice() {
        Simulation sim = new Simulation(Config.lan().name("sim").build(), new FaultPlan(), SEED);
        sim.addConverged(3);
        Measurements m = new Measurements(sim);
        SimNode observer = sim.node(Simulation.nameOf(0));
        SimNode healthy = sim.node(Simulation.nameOf(1));
        Node about = new Node(healthy.name(), healthy.address(), new byte[0], NodeState.SUSPECT, 1, null);

        m.onNotify(0, observer, new MembershipEvent.Suspected(about));
        m.onNotify(0, observer, new MembershipEvent.Suspected(about));

        assertThat(m.falseSuspects()).isEqualTo(2);
    }
}
