package io.memberlist.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proves the Go harness: two real memberlist v0.2.2 nodes join, talk and leave through {@link GoPeer}.
 * Skipped (not failed) when Go or the memberlist sources are missing; see {@link GoToolchain#HOW_TO_ENABLE}.
 */
@Tag("interop")
class GoPeerSmokeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Per test, not {@code @BeforeAll}: Surefire reports a class-level skip as "0 tests", invisibly. */
    @BeforeEach
    void requireGo() {
        GoToolchain.assumeAvailable();
    }

    private static List<Object> names(List<Map<String, Object>> members) {
        return members.stream().map(m -> m.get("name")).toList();
    }

    @Test
    void twoGoPeers_joinSendReliableAndLeave_bothSeeIt() {
        try (GoPeer a = GoPeer.builder("go-a").meta("role=a").start();
                GoPeer b = GoPeer.builder("go-b").start()) {
            assertThat(b.join(a.address())).isEqualTo(1);

            a.awaitLiveMembers(2, WAIT);
            b.awaitLiveMembers(2, WAIT);
            assertThat(names(a.members())).containsExactlyInAnyOrder("go-a", "go-b");
            assertThat(names(b.members())).containsExactlyInAnyOrder("go-a", "go-b");
            assertThat(b.member("go-a").orElseThrow())
                    .containsEntry("state", "alive")
                    .containsEntry("meta", "role=a")
                    .containsEntry("port", (long) a.port())
                    .containsEntry("incarnation", 1L);

            a.sendReliable("go-b", "hello over tcp");
            b.awaitEvent("msg", e -> "hello over tcp".equals(e.get("text")), WAIT);

            b.leave(Duration.ofSeconds(2));
            a.awaitEvent("leave", e -> "go-b".equals(e.get("name")) && "left".equals(e.get("state")), WAIT);
            assertThat(a.member("go-b").orElseThrow()).containsEntry("state", "left");
            assertThat(names(a.liveMembers())).containsExactly("go-a");
        }
    }

    @Test
    void twoGoPeers_sameKey_joinEncryptedAndExchangeMessages() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        try (GoPeer a = GoPeer.builder("enc-a").key(key).state("state-of-a").start();
                GoPeer b = GoPeer.builder("enc-b").key(key).start()) {
            assertThat(b.join(a.address())).isEqualTo(1);
            b.awaitEvent("remote-state", e -> "state-of-a".equals(e.get("text")) && Boolean.TRUE.equals(e.get("join")),
                    WAIT);

            b.sendBestEffort("enc-a", "hello over udp");
            a.awaitEvent("msg", e -> "hello over udp".equals(e.get("text")), WAIT);
        }
    }

    @Test
    void twoGoPeers_differentKeys_cannotJoin() {
        byte[] keyA = new byte[16];
        byte[] keyB = new byte[16];
        Arrays.fill(keyB, (byte) 1);
        try (GoPeer a = GoPeer.builder("key-a").key(keyA).tcpTimeout(Duration.ofSeconds(2)).start();
                GoPeer b = GoPeer.builder("key-b").key(keyB).tcpTimeout(Duration.ofSeconds(2)).start()) {
            assertThatThrownBy(() -> b.join(a.address()))
                    .isInstanceOf(GoPeer.GoPeerException.class)
                    .hasMessageContaining("join");
            assertThat(a.liveMembers()).hasSize(1);
        }
    }

    @Test
    void crashedGoPeer_isDeclaredDeadByTheOther() {
        try (GoPeer a = GoPeer.builder("crash-a").probeInterval(Duration.ofMillis(200))
                .probeTimeout(Duration.ofMillis(100)).start();
                GoPeer b = GoPeer.builder("crash-b").start()) {
            b.join(a.address());
            a.awaitLiveMembers(2, WAIT);

            b.crash();

            assertThat(b.isAlive()).isFalse();
            a.awaitEvent("leave", e -> "crash-b".equals(e.get("name")) && "dead".equals(e.get("state")), WAIT);
            assertThat(a.member("crash-b").orElseThrow()).containsEntry("state", "dead");
        }
    }
}
