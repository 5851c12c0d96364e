package io.memberlist.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.MemberlistException;
import io.memberlist.transport.Framing;
import io.memberlist.wire.MessageType;
import io.memberlist.wire.UserMessage;

import java.nio.charset.StandardCharsets;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optional layers against a real Go memberlist v0.2.2 node: AES-GCM encryption with a shared key
 * (16, 24 and 32 bytes; version 1 and the padded version 0), different keys keeping nodes apart, LZW
 * compression on or off on either side, and labels.
 *
 * <p>Labels arrived in memberlist v0.3.0; the Go peer here is v0.2.2 and cannot set one, so the only label
 * interop that can be shown is that a labelled Java node and an (unlabelled) v0.2.2 node never merge.
 */
@Tag("interop")
class SecurityAndFramingInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Long and repetitive: LZW shrinks it, so compressed UDP packets really are sent when compression is on. */
    private static final String BULKY = "bulky-" + "abcdefgh".repeat(60);

    @BeforeEach
    void requireGo() {
        GoToolchain.assumeAvailable();
    }

    private static byte[] key(int size, int fill) {
        byte[] k = new byte[size];
        Arrays.fill(k, (byte) fill);
        k[0] = (byte) size;
        return k;
    }

    /** Both views complete, push/pull state delivered, and user messages over UDP and TCP both ways. */
    private static void assertFullExchange(JavaPeer java, GoPeer go) {
        java.awaitMembers(WAIT, go.name(), java.name());
        go.awaitLiveMembers(2, WAIT);
        java.awaitEvent(e -> e.kind().equals("remote-state") && e.text().equals("go-state"), WAIT, "Go's state");
        go.awaitEvent("remote-state", e -> "java-state".equals(e.get("text")), WAIT);

        java.sendBestEffort(go.name(), "udp from java " + BULKY);
        go.awaitEvent("msg", e -> ("udp from java " + BULKY).equals(e.get("text")), WAIT);
        java.sendReliable(go.name(), "tcp from java " + BULKY);
        go.awaitEvent("msg", e -> ("tcp from java " + BULKY).equals(e.get("text")), WAIT);
        go.sendBestEffort(java.name(), "udp from go " + BULKY);
        java.awaitMessage("udp from go " + BULKY, WAIT);
        go.sendReliable(java.name(), "tcp from go " + BULKY);
        java.awaitMessage("tcp from go " + BULKY, WAIT);
        java.broadcast("broadcast from java");
        go.awaitEvent("msg", e -> "broadcast from java".equals(e.get("text")), WAIT);
        go.broadcast("broadcast from go");
        java.awaitMessage("broadcast from go", WAIT);

        assertThat(java.list().stats().droppedDecrypt()).isZero();
        assertThat(java.list().stats().droppedMalformed()).isZero();
    }

    @ParameterizedTest(name = "{0}-byte key, Java joins: {1}")
    @CsvSource({"16, true", "32, false", "24, true"})
    void sameKey_eitherSideJoins_fullExchangeEncrypted(int keySize, boolean javaJoins) {
        byte[] key = key(keySize, 0x5a);
        try (GoPeer go = JavaPeer.fastGo("go-enc").key(key).state("go-state").start();
                JavaPeer java = JavaPeer.start("java-enc", "", "java-state", b -> b.secretKeys(List.of(key)))) {
            assertThat(javaJoins ? java.join(go.address()) : go.join(java.address())).isEqualTo(1);
            assertFullExchange(java, go);
        }
    }

    @Test
    void sameKey_javaSpeaksProtocolVersion1_paddedEncryptionVersion0Accepted() {
        byte[] key = key(16, 0x33);
        try (GoPeer go = JavaPeer.fastGo("go-enc").key(key).state("go-state").start();
                JavaPeer java = JavaPeer.start("java-v1", "", "java-state",
                        b -> b.secretKeys(List.of(key)).protocolVersion(1))) {
            assertThat(java.join(go.address())).isEqualTo(1);
            assertFullExchange(java, go);
            assertThat(go.member("java-v1").orElseThrow().get("vsn")).isEqualTo(List.of(1L, 5L, 1L, 0L, 0L, 0L));
        }
    }

    /**
     * A Go node speaking protocol version 1 encrypts with the padded version 0. It also replaces every port it
     * learns with its own bind port (the pre-0.2 "no port" rule of v0.2.2), so the Java node listens on the
     * same port on another loopback address.
     */
    @Test
    void sameKey_goSpeaksProtocolVersion1_paddedEncryptionVersion0Accepted() {
        byte[] key = key(32, 0x44);
        try (GoPeer go = JavaPeer.fastGo("go-v1").key(key).protocolVersion(1).state("go-state").start();
                JavaPeer java = JavaPeer.start("java-enc", "", "java-state",
                        b -> b.secretKeys(List.of(key)).bindAddress("127.0.0.2").bindPort(go.port()))) {
            assertThat(go.join("127.0.0.2:" + java.port())).isEqualTo(1);
            assertFullExchange(java, go);
            assertThat(java.member("go-v1").orElseThrow().protocolCurrent()).isEqualTo(1);
        }
    }

    @Test
    void differentKeys_joinEitherWay_failsAndNodesStayApart() {
        try (GoPeer go = JavaPeer.fastGo("go-k1").key(key(16, 1)).start();
                JavaPeer java = JavaPeer.start("java-k2", "", "", b -> b.secretKeys(List.of(key(16, 2)))
                        .tcpTimeout(Duration.ofMillis(500)))) {
            assertThatThrownBy(() -> java.join(go.address())).isInstanceOf(MemberlistException.class);
            assertThatThrownBy(() -> go.join(java.address())).isInstanceOf(GoPeer.GoPeerException.class)
                    .hasMessageContaining("join");
            assertThat(java.memberNames()).containsExactly("java-k2");
            assertThat(go.liveMembers()).hasSize(1);
            assertThat(java.list().stats().droppedDecrypt()).isPositive();
        }
    }

    @Test
    void encryptedJava_plaintextGo_joinEitherWay_fails() {
        try (GoPeer go = JavaPeer.fastGo("go-plain").start();
                JavaPeer java = JavaPeer.start("java-enc", "", "", b -> b.secretKeys(List.of(key(32, 9)))
                        .tcpTimeout(Duration.ofMillis(500)))) {
            assertThatThrownBy(() -> java.join(go.address())).isInstanceOf(MemberlistException.class);
            assertThatThrownBy(() -> go.join(java.address())).isInstanceOf(GoPeer.GoPeerException.class);
            assertThat(java.memberNames()).containsExactly("java-enc");
            assertThat(go.liveMembers()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "Java compression {0}, Go compression {1}")
    @CsvSource({"false, false", "false, true", "true, false"})
    void compressionOnOrOff_eitherSide_fullExchange(boolean javaCompression, boolean goCompression) {
        try (GoPeer go = JavaPeer.fastGo("go-lzw").compression(goCompression).state("go-state").start();
                JavaPeer java = JavaPeer.start("java-lzw", "", "java-state",
                        b -> b.enableCompression(javaCompression))) {
            assertThat(java.join(go.address())).isEqualTo(1);
            assertFullExchange(java, go);
            // What the Java node put on the wire for the bulky UDP message: compressed exactly when enabled.
            byte[] datagram = Framing.of(java.list().config(), null).encodePacket(
                    List.of(new UserMessage(BULKY.getBytes(StandardCharsets.UTF_8))), false);
            assertThat(datagram[0] & 0xFF).isEqualTo(javaCompression ? MessageType.COMPRESS.code() : MessageType.USER.code());
        }
    }

    @Test
    void compressionOnBothSides_withEncryption_fullExchange() {
        byte[] key = key(32, 0x11);
        try (GoPeer go = JavaPeer.fastGo("go-lzw").key(key).state("go-state").start();
                JavaPeer java = JavaPeer.start("java-lzw", "", "java-state", b -> b.secretKeys(List.of(key)))) {
            assertThat(go.join(java.address())).isEqualTo(1);
            assertFullExchange(java, go);
        }
    }

    @ParameterizedTest(name = "Java joins: {0}")
    @ValueSource(booleans = {true, false})
    void labelledJavaNode_unlabelledGoV022Node_neverMerge(boolean javaJoins) {
        try (GoPeer go = JavaPeer.fastGo("go-nolabel").start();
                JavaPeer java = JavaPeer.start("java-label", "", "", b -> b.label("cluster-a")
                        .tcpTimeout(Duration.ofMillis(500)))) {
            if (javaJoins) {
                assertThatThrownBy(() -> java.join(go.address())).isInstanceOf(MemberlistException.class);
            } else {
                assertThatThrownBy(() -> go.join(java.address())).isInstanceOf(GoPeer.GoPeerException.class);
                assertThat(java.list().stats().droppedLabel()).isPositive();
            }
            assertThat(java.memberNames()).containsExactly("java-label");
            assertThat(go.liveMembers()).hasSize(1);
        }
    }
}
