package io.memberlist.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Node;
import io.memberlist.NodeState;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Harder cases against a real Go memberlist v0.2.2 node: a node restarting under the same name and port
 * after being declared dead must refute its death (both languages), many broadcasts at once travel as
 * compound packets, big push/pull states cross the stream framing, and IPv6 loopback (16-byte addresses).
 */
@Tag("interop")
class EdgeCasesInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @BeforeEach
    void requireGo() {
        GoToolchain.assumeAvailable();
    }

    @Test
    void javaNodeRestartsWithSameNameAndPortAfterDeath_refutesAndGoSeesItAliveAgain() {
        try (GoPeer go = JavaPeer.fastGo("go-1").start()) {
            int port;
            try (JavaPeer first = JavaPeer.start("java-1")) {
                first.join(go.address());
                go.awaitLiveMembers(2, WAIT);
                port = first.port();
            }
            go.awaitMemberState("java-1", "dead", WAIT);

            try (JavaPeer again = JavaPeer.start("java-1", "reborn", "", b -> b.bindPort(port))) {
                again.join(go.address());
                // Go still holds java-1 dead at incarnation 1; the restarted node (incarnation 1) learns that
                // from the push/pull and must claim a higher incarnation for Go to take it back.
                Map<String, Object> back = go.awaitMemberState("java-1", "alive", WAIT);
                assertThat((Long) back.get("incarnation")).isGreaterThan(1L);
                assertThat(back).containsEntry("meta", "reborn").containsEntry("port", (long) port);
                again.awaitMembers(WAIT, "go-1", "java-1");
                assertThat(again.list().localNode().incarnation()).isEqualTo((Long) back.get("incarnation"));
            }
        }
    }

    @Test
    void goNodeRestartsWithSameNameAndPortAfterDeath_javaSeesItAliveAgain() {
        try (JavaPeer java = JavaPeer.start("java-1")) {
            int port;
            try (GoPeer first = JavaPeer.fastGo("go-1").start()) {
                first.join(java.address());
                java.awaitMembers(WAIT, "go-1", "java-1");
                port = first.port();
                first.crash();
            }
            java.awaitLeave("go-1", NodeState.DEAD, WAIT);

            try (GoPeer again = JavaPeer.fastGo("go-1").port(port).meta("reborn").start()) {
                again.join(java.address());
                JavaPeer.awaitTrue(() -> java.member("go-1").filter(n -> n.incarnation() > 1).isPresent(), WAIT,
                        () -> "java-1 never saw go-1 alive again: " + java.list().members());
                Node back = java.member("go-1").orElseThrow();
                assertThat(back.state()).isEqualTo(NodeState.ALIVE);
                assertThat(new String(back.meta(), StandardCharsets.UTF_8)).isEqualTo("reborn");
                again.awaitLiveMembers(2, WAIT);
            }
        }
    }

    @Test
    void goProcessFrozenUntilDeclaredDead_thenResumed_refutesAndJavaSeesItAliveAgain() throws Exception {
        try (JavaPeer java = JavaPeer.start("java-1");
                GoPeer go = JavaPeer.fastGo("go-1").start()) {
            go.join(java.address());
            java.awaitMembers(WAIT, "go-1", "java-1");

            signal("STOP", go.pid());
            try {
                java.awaitLeave("go-1", NodeState.DEAD, WAIT);
            } finally {
                signal("CONT", go.pid());
            }
            // The resumed node hears of its death (Java gossips to the recently dead) and refutes it.
            java.awaitEvent(e -> e.kind().equals("join") && e.node().name().equals("go-1")
                    && e.node().incarnation() > 1, WAIT, "go-1 alive again after refuting");
            java.awaitMembers(WAIT, "go-1", "java-1");
            assertThat(go.member("go-1").orElseThrow().get("incarnation")).isEqualTo(java.member("go-1")
                    .orElseThrow().incarnation());
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }

    @Test
    void twoHundredTinyBroadcastsQueuedAtOnce_bothWays_allDeliveredInCompounds() {
        // Up to ~200 parts fit one 1400-byte packet: Go sends compounds of 128..255 parts (which v0.2.2's own
        // decoder mis-parses, Java's must not), Java caps its compounds at 127 parts for Go's sake.
        int count = 200;
        try (GoPeer go = JavaPeer.fastGo("go-1").start();
                JavaPeer java = JavaPeer.start("java-1")) {
            java.join(go.address());
            java.awaitMembers(WAIT, "go-1", "java-1");
            go.awaitLiveMembers(2, WAIT);

            IntStream.range(0, count).forEach(i -> java.broadcast("j" + i));
            IntStream.range(0, count).forEach(i -> go.send("broadcast g" + i));
            for (int i = 0; i < count; i++) {
                String j = "j" + i;
                String g = "g" + i;
                go.awaitEvent("msg", e -> j.equals(e.get("text")), WAIT);
                java.awaitMessage(g, WAIT);
            }
            assertThat(java.list().stats().droppedMalformed()).isZero();
        }
    }

    @Test
    void maximumMeta512Bytes_bothWays_seenInFullAfterJoinAndUpdate() {
        String goMeta = "g".repeat(512);
        String javaMeta = "j".repeat(512);
        try (GoPeer go = JavaPeer.fastGo("go-1").meta(goMeta).start();
                JavaPeer java = JavaPeer.start("java-1", javaMeta, "", b -> b)) {
            java.join(go.address());
            java.awaitMembers(WAIT, "go-1", "java-1");
            assertThat(new String(java.member("go-1").orElseThrow().meta(), StandardCharsets.UTF_8)).isEqualTo(goMeta);
            assertThat(go.member("java-1").orElseThrow()).containsEntry("meta", javaMeta);

            String javaMeta2 = "k".repeat(512);
            java.list().updateMetaAsync(javaMeta2.getBytes(StandardCharsets.UTF_8)).join();
            go.awaitEvent("update", e -> javaMeta2.equals(((Map<?, ?>) e.get("node")).get("meta")), WAIT);
            String goMeta2 = "h".repeat(512);
            go.updateMeta(goMeta2);
            java.awaitEvent(e -> e.kind().equals("update")
                    && new String(e.node().meta(), StandardCharsets.UTF_8).equals(goMeta2), WAIT, "Go's new meta");
        }
    }

    @Test
    void bigPushPullStates_bothWays_compressedAndEncrypted_delivered() {
        String goState = "go:" + "0123456789abcdef".repeat(4000); // 64 KB
        StringBuilder javaState = new StringBuilder("java:");
        java.util.Random random = new java.util.Random(1);
        while (javaState.length() < 100_000) {
            javaState.append(Long.toString(random.nextLong(), 36)); // hardly compressible
        }
        byte[] key = new byte[32];
        key[5] = 5;
        try (GoPeer go = JavaPeer.fastGo("go-1").key(key).state(goState).start();
                JavaPeer java = JavaPeer.start("java-1", "", javaState.toString(), b -> b.secretKeys(List.of(key)))) {
            assertThat(java.join(go.address())).isEqualTo(1);
            java.awaitEvent(e -> e.kind().equals("remote-state") && e.text().equals(goState), WAIT, "Go's 64 KB state");
            go.awaitEvent("remote-state", e -> javaState.toString().equals(e.get("text")), WAIT);
        }
    }

    @Test
    void ipv6Loopback_javaJoinsGo_bothListEachOtherWithSixteenByteAddresses() {
        try (GoPeer go = JavaPeer.fastGo("go-6").bind("::1").start();
                JavaPeer java = JavaPeer.start("java-6", "m6", "", b -> b.bindAddress("::1"))) {
            assertThat(go.ready()).containsEntry("addrBytes", 16L);
            assertThat(java.join(go.address())).isEqualTo(1);
            java.awaitMembers(WAIT, "go-6", "java-6");
            go.awaitLiveMembers(2, WAIT);
            assertThat(go.member("java-6").orElseThrow()).containsEntry("addr", "::1")
                    .containsEntry("addrBytes", 16L).containsEntry("meta", "m6");
            assertThat(java.member("go-6").orElseThrow().address().ipLength()).isEqualTo(16);

            java.sendReliable("go-6", "v6 tcp");
            go.awaitEvent("msg", e -> "v6 tcp".equals(e.get("text")), WAIT);
            go.sendBestEffort("java-6", "v6 udp");
            java.awaitMessage("v6 udp", WAIT);
        }
    }
}
