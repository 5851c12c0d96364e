package io.memberlist.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Node;
import io.memberlist.NodeState;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Java node and a real Go memberlist v0.2.2 node on 127.0.0.1: joining either way, the member views, push/pull
 * user state, user messages (UDP and TCP) and user broadcasts, both directions.
 */
@Tag("interop")
class JoinAndMessagingInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @BeforeEach
    void requireGo() {
        GoToolchain.assumeAvailable();
    }

    @Test
    void javaJoinsTwoNodeGoCluster_allListEachOtherWithNameAddressPortMetaAndState() {
        try (GoPeer go = JavaPeer.fastGo("go-1").meta("go-meta").state("go-state").start();
                GoPeer go2 = JavaPeer.fastGo("go-2").meta("go-meta-2").start();
                JavaPeer java = JavaPeer.start("java-1", "java-meta", "java-state", b -> b)) {
            assertThat(go2.join(go.address())).isEqualTo(1);
            assertThat(java.join(go.address())).isEqualTo(1);

            java.awaitMembers(WAIT, "go-1", "go-2", "java-1");
            go.awaitLiveMembers(3, WAIT);
            go2.awaitLiveMembers(3, WAIT); // learned of the Java node by gossip only
            assertThat(go2.member("java-1").orElseThrow()).containsEntry("port", (long) java.port())
                    .containsEntry("meta", "java-meta");
            assertThat(java.member("go-2").orElseThrow().port()).isEqualTo(go2.port());

            Node seenByJava = java.member("go-1").orElseThrow();
            assertThat(seenByJava.address().inetAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(seenByJava.port()).isEqualTo(go.port());
            assertThat(new String(seenByJava.meta(), StandardCharsets.UTF_8)).isEqualTo("go-meta");
            assertThat(seenByJava.state()).isEqualTo(NodeState.ALIVE);
            assertThat(seenByJava.incarnation()).isEqualTo(1);
            assertThat(seenByJava.versions()).containsExactly(1, 5, 2, 0, 0, 0);

            Map<String, Object> seenByGo = go.member("java-1").orElseThrow();
            assertThat(seenByGo)
                    .containsEntry("addr", "127.0.0.1")
                    .containsEntry("port", (long) java.port())
                    .containsEntry("meta", "java-meta")
                    .containsEntry("state", "alive")
                    .containsEntry("incarnation", 1L);
            assertThat(seenByGo.get("vsn")).isEqualTo(List.of(1L, 5L, 2L, 0L, 0L, 0L));

            // Join push/pull: each side's user state reached the other's MergeRemoteState, flagged as a join.
            java.awaitEvent(e -> e.kind().equals("remote-state") && e.text().equals("go-state") && e.join(), WAIT,
                    "Go's state on join");
            go.awaitEvent("remote-state", e -> "java-state".equals(e.get("text")) && Boolean.TRUE.equals(e.get("join")),
                    WAIT);
        }
    }

    @Test
    void goJoinsTwoNodeJavaCluster_allListEachOtherWithNameAddressPortMetaAndState() {
        try (JavaPeer java = JavaPeer.start("java-1", "java-meta", "java-state", b -> b);
                JavaPeer java2 = JavaPeer.start("java-2", "java-meta-2", "", b -> b);
                GoPeer go = JavaPeer.fastGo("go-1").meta("go-meta").state("go-state").start()) {
            assertThat(java2.join(java.address())).isEqualTo(1);
            assertThat(go.join(java.address())).isEqualTo(1);

            go.awaitLiveMembers(3, WAIT);
            java.awaitMembers(WAIT, "go-1", "java-1", "java-2");
            java2.awaitMembers(WAIT, "go-1", "java-1", "java-2"); // learned of the Go node by gossip only
            assertThat(new String(java2.member("go-1").orElseThrow().meta(), StandardCharsets.UTF_8))
                    .isEqualTo("go-meta");
            assertThat(go.member("java-2").orElseThrow()).containsEntry("port", (long) java2.port())
                    .containsEntry("meta", "java-meta-2");

            Node seenByJava = java.member("go-1").orElseThrow();
            assertThat(seenByJava.port()).isEqualTo(go.port());
            assertThat(new String(seenByJava.meta(), StandardCharsets.UTF_8)).isEqualTo("go-meta");
            assertThat(go.member("java-1").orElseThrow())
                    .containsEntry("addr", "127.0.0.1")
                    .containsEntry("port", (long) java.port())
                    .containsEntry("meta", "java-meta")
                    .containsEntry("state", "alive");

            go.awaitEvent("remote-state", e -> "java-state".equals(e.get("text")) && Boolean.TRUE.equals(e.get("join")),
                    WAIT);
            java.awaitEvent(e -> e.kind().equals("remote-state") && e.text().equals("go-state") && e.join(), WAIT,
                    "Go's state on join");
        }
    }

    @Test
    void joinedPair_userMessagesAndBroadcasts_flowBothWays() {
        try (GoPeer go = JavaPeer.fastGo("go-1").start();
                JavaPeer java = JavaPeer.start("java-1")) {
            java.join(go.address());
            java.awaitMembers(WAIT, "go-1", "java-1");
            go.awaitLiveMembers(2, WAIT);

            java.sendBestEffort("go-1", "udp from java");
            go.awaitEvent("msg", e -> "udp from java".equals(e.get("text")), WAIT);
            java.sendReliable("go-1", "tcp from java");
            go.awaitEvent("msg", e -> "tcp from java".equals(e.get("text")), WAIT);

            go.sendBestEffort("java-1", "udp from go");
            java.awaitMessage("udp from go", WAIT);
            go.sendReliable("java-1", "tcp from go");
            java.awaitMessage("tcp from go", WAIT);

            java.broadcast("broadcast from java");
            go.awaitEvent("msg", e -> "broadcast from java".equals(e.get("text")), WAIT);
            go.broadcast("broadcast from go");
            java.awaitMessage("broadcast from go", WAIT);
        }
    }

    @Test
    void periodicPushPull_userStateFlowsBothWays_notFlaggedAsJoin() {
        try (GoPeer go = JavaPeer.fastGo("go-1").state("go-state").flag("pushpull-interval", "300ms").start();
                JavaPeer java = JavaPeer.start("java-1", "", "java-state",
                        b -> b.pushPullInterval(Duration.ofMillis(300)))) {
            java.join(go.address());
            java.awaitEvent(e -> e.kind().equals("remote-state") && e.text().equals("go-state") && !e.join(), WAIT,
                    "Go's state from a periodic push/pull");
            go.awaitEvent("remote-state", e -> "java-state".equals(e.get("text")) && Boolean.FALSE.equals(e.get("join")),
                    WAIT);
        }
    }

    @Test
    void metaUpdate_onEitherSide_propagatesToTheOther() {
        try (GoPeer go = JavaPeer.fastGo("go-1").meta("v1").start();
                JavaPeer java = JavaPeer.start("java-1", "v1", "", b -> b)) {
            java.join(go.address());
            java.awaitMembers(WAIT, "go-1", "java-1");
            go.awaitLiveMembers(2, WAIT);

            java.list().updateMetaAsync("java-v2".getBytes(StandardCharsets.UTF_8)).join();
            go.awaitEvent("update", e -> "java-1".equals(e.get("name"))
                    && "java-v2".equals(((Map<?, ?>) e.get("node")).get("meta")), WAIT);
            assertThat(go.member("java-1").orElseThrow()).containsEntry("meta", "java-v2")
                    .containsEntry("incarnation", 2L);

            go.updateMeta("go-v2");
            java.awaitEvent(e -> e.kind().equals("update") && e.node().name().equals("go-1")
                    && new String(e.node().meta(), StandardCharsets.UTF_8).equals("go-v2"), WAIT, "go-1 meta go-v2");
            assertThat(new String(java.member("go-1").orElseThrow().meta(), StandardCharsets.UTF_8)).isEqualTo("go-v2");
        }
    }
}
