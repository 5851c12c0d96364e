package io.memberlist.protocol;

import io.memberlist.wire.Address;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.memberlist.protocol.MachineHarness.addr;
import static io.memberlist.protocol.MachineHarness.alive;
import static io.memberlist.protocol.MachineHarness.lan;
import static org.assertj.core.api.Assertions.assertThat;

/** Go's {@code handleAlive}: with CIDRs set, the UDP source and the claimed address are checked on every alive. */
class CidrAliveTest {
    private static final Address OUTSIDE = Address.ipv4(192, 168, 1, 5, 7946);

    private static MachineHarness allowing(String cidr) {
        return new MachineHarness(lan().cidrsAllowed(List.of(cidr)).build(), 7).withPeers("b");
    }

    @Test
    void aliveAboutKnownMember_fromSourceOutsideCidrs_isDroppedAndCounted() {
        MachineHarness h = allowing("10.0.0.0/28");
        h.m.onPacket(OUTSIDE, alive("b", 2, new byte[] {9}), h.now);
        h.drain();
        assertThat(h.m.member("b").incarnation()).isEqualTo(1);
        assertThat(h.m.blockedAlives()).isEqualTo(1);
    }

    @Test
    void aliveAboutKnownMember_fromAllowedSource_isApplied() {
        MachineHarness h = allowing("10.0.0.0/28");
        h.packet("c", alive("b", 2, new byte[] {9}));
        assertThat(h.m.member("b").incarnation()).isEqualTo(2);
        assertThat(h.m.blockedAlives()).isZero();
    }

    @Test
    void aliveForNewName_fromSourceOutsideCidrs_isDroppedEvenWhenItsAddressIsAllowed() {
        MachineHarness h = allowing("10.0.0.0/28");
        h.m.onPacket(OUTSIDE, alive("c", 1), h.now);
        h.drain();
        assertThat(h.m.member("c")).isNull();
        assertThat(h.m.blockedAlives()).isEqualTo(1);
    }

    @Test
    void aliveAboutKnownMember_fromAllowedSourceClaimingAnAddressOutside_isDroppedAndCounted() {
        MachineHarness h = allowing("10.0.0.2/32"); // only b's own address
        // b (allowed) relays an alive about itself whose address is not allowed: a conflict in Go's
        // aliveNode, but handleAlive drops it first.
        h.m.onPacket(addr("b"), new io.memberlist.wire.Alive(2, "b", OUTSIDE.ip(), 7946, null, MachineHarness.VSN),
                h.now);
        h.drain();
        assertThat(h.m.member("b").address()).isEqualTo(addr("b"));
        assertThat(h.m.blockedAlives()).isEqualTo(1);
    }
}
