package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.MemberlistException;
import io.memberlist.wire.Address;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A seed that is the joining node itself is never a successful join; a port-less seed means port 7946. */
class SelfJoinTest {

    @Test
    void joinThroughOnlyItself_failsNamingTheSeedAndTheNode() {
        Memberlist node = node("self");
        try {
            String own = "127.0.0.1:" + node.localNode().port();
            assertThatThrownBy(() -> node.join(List.of(own)))
                    .isInstanceOf(MemberlistException.class)
                    .hasMessageContaining("'" + own + "': " + own + " is this node itself")
                    .hasMessageContaining("this node is self, advertising " + own);
            assertThat(node.numMembers()).isEqualTo(1);
        } finally {
            node.shutdown();
        }
    }

    @Test
    void joinThroughItselfAndAnother_countsOnlyTheOther() throws InterruptedException {
        Memberlist a = node("a");
        Memberlist b = node("b");
        try {
            int joined = b.join(List.of("127.0.0.1:" + b.localNode().port(), "127.0.0.1:" + a.localNode().port()));
            assertThat(joined).isEqualTo(1);
            // The join completes before the member snapshot readers see is republished: wait for it.
            LoopbackNodes.awaitTrue(() -> b.numMembers() == 2, java.time.Duration.ofSeconds(10),
                    () -> LoopbackNodes.views(List.of(a, b)));
        } finally {
            a.shutdown();
            b.shutdown();
        }
    }

    @Test
    void seedWithoutPort_meansPort7946_notThisNodesPort() throws IOException {
        // Bound elsewhere than 7946: with "the node's own port" as the default this joined the node to itself.
        // The random label makes sure a stranger that happens to listen on 7946 here cannot answer either.
        Memberlist node = Memberlist.create(Config.local().name("portless").bindAddress("127.0.0.1")
                .bindPort(freePort()).label("self-join-test-" + UUID.randomUUID()).build());
        try {
            assertThat(node.localNode().port()).isNotEqualTo(Seeds.DEFAULT_PORT);
            assertThatThrownBy(() -> node.join(List.of("127.0.0.1")))
                    .isInstanceOf(MemberlistException.class)
                    .hasMessageContaining("127.0.0.1:7946")
                    .hasMessageNotContaining("is this node itself");
            assertThat(node.numMembers()).isEqualTo(1);
        } finally {
            node.shutdown();
        }
    }

    @Test
    void isSelf_advertisedOrBoundAddress_orAnyLocalIpOnTheBoundPortWhenBoundToAll() {
        Address advertised = Address.ipv4(10, 1, 2, 3, 7000);
        Address wildcard = Address.ipv4(0, 0, 0, 0, 7000);
        assertThat(Seeds.isSelf(advertised, advertised, wildcard)).isTrue();
        assertThat(Seeds.isSelf(Address.ipv4(127, 0, 0, 1, 7000), advertised, wildcard)).isTrue();
        assertThat(Seeds.isSelf(Address.ipv4(127, 0, 0, 1, 7001), advertised, wildcard)).isFalse();
        Address loopbackOnly = Address.ipv4(127, 0, 0, 1, 7000);
        assertThat(Seeds.isSelf(Address.ipv4(127, 0, 0, 1, 7000), advertised, loopbackOnly)).isTrue();
        assertThat(Seeds.isSelf(Address.ipv4(127, 0, 0, 2, 7000), advertised, loopbackOnly)).isFalse();
        // 192.0.2.0/24 is TEST-NET-1: never an address of this host.
        assertThat(Seeds.isSelf(Address.ipv4(192, 0, 2, 1, 7000), advertised, wildcard)).isFalse();
    }

    @Test
    void resolve_leavesOutAndReportsSelfAddresses() {
        List<String> errors = new ArrayList<>();
        Address self = Address.ipv4(127, 0, 0, 1, 7000);
        List<Address> resolved = Seeds.resolve(List.of("127.0.0.1:7000", "127.0.0.2"), Seeds.DEFAULT_PORT,
                self::equals, errors);
        assertThat(resolved).containsExactly(Address.ipv4(127, 0, 0, 2, 7946));
        assertThat(errors).containsExactly("'127.0.0.1:7000': 127.0.0.1:7000 is this node itself");
    }

    /** A port free now, to configure explicitly (bind port 0 would fall back to 7946 on its own). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Memberlist node(String name) {
        return Memberlist.create(Config.local().name(name).bindAddress("127.0.0.1").bindPort(0).build());
    }
}
