package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.Node;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopbackSmokeTest {

    @Test
    void threeNodes_joinOneSeed_allSeeThree() throws Exception {
        List<Memberlist> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(Memberlist.create(Config.local().name("n" + i).bindAddress("127.0.0.1").bindPort(0).build()));
            }
            String seed = "127.0.0.1:" + nodes.get(0).localNode().port();
            assertThat(nodes.get(1).join(List.of(seed))).isEqualTo(1);
            assertThat(nodes.get(2).join(List.of(seed))).isEqualTo(1);
            LoopbackNodes.awaitTrue(() -> nodes.stream().allMatch(n -> n.numMembers() == 3), Duration.ofSeconds(10),
                    () -> LoopbackNodes.views(nodes));
            for (Memberlist m : nodes) {
                assertThat(m.members()).extracting(Node::name).containsExactlyInAnyOrder("n0", "n1", "n2");
            }
        } finally {
            nodes.forEach(Memberlist::shutdown);
        }
    }

    @Test
    void join_nameAlreadyTakenAtAnotherAddress_failsWithAMessageNamingTheDuplicate() {
        Memberlist first = Memberlist.create(Config.local().name("same").bindAddress("127.0.0.1").bindPort(0).build());
        Memberlist second = Memberlist.create(Config.local().name("same").bindAddress("127.0.0.1").bindPort(0).build());
        try {
            String seed = "127.0.0.1:" + first.localNode().port();
            assertThatThrownBy(() -> second.join(List.of(seed)))
                    .isInstanceOf(io.memberlist.MemberlistException.class)
                    .isInstanceOf(io.memberlist.NodeNameTakenException.class)
                    .hasMessageContaining("another node named 'same' is already a member");
        } finally {
            first.shutdown();
            second.shutdown();
        }
    }

    @Test
    void keyRotation_onARunningCluster_newKeyOnlyNodeJoinsAndOldKeyIsGone() throws Exception {
        byte[] oldKey = new byte[32];
        byte[] newKey = new byte[32];
        java.util.Arrays.fill(newKey, (byte) 7);
        List<Memberlist> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                nodes.add(Memberlist.create(Config.local().name("k" + i).bindAddress("127.0.0.1").bindPort(0)
                        .secretKeys(List.of(oldKey)).build()));
            }
            String seed = "127.0.0.1:" + nodes.get(0).localNode().port();
            nodes.get(1).join(List.of(seed));
            for (Memberlist m : nodes) {
                m.keyring().orElseThrow().addKey(newKey);
            }
            for (Memberlist m : nodes) {
                m.keyring().orElseThrow().useKey(newKey);
            }
            for (Memberlist m : nodes) {
                m.keyring().orElseThrow().removeKey(oldKey);
            }
            Memberlist late = Memberlist.create(Config.local().name("k2").bindAddress("127.0.0.1").bindPort(0)
                    .secretKeys(List.of(newKey)).build());
            nodes.add(late);
            assertThat(late.join(List.of(seed))).isEqualTo(1);
            Memberlist stale = Memberlist.create(Config.local().name("k3").bindAddress("127.0.0.1").bindPort(0)
                    .secretKeys(List.of(oldKey)).tcpTimeout(Duration.ofMillis(500)).build());
            nodes.add(stale);
            assertThatThrownBy(() -> stale.join(List.of(seed))).isInstanceOf(io.memberlist.MemberlistException.class);
            LoopbackNodes.awaitTrue(() -> nodes.get(0).numMembers() == 3, Duration.ofSeconds(10),
                    () -> LoopbackNodes.views(nodes));
            assertThat(nodes.get(0).members()).extracting(Node::name).containsExactlyInAnyOrder("k0", "k1", "k2");
        } finally {
            nodes.forEach(Memberlist::shutdown);
        }
    }
}
