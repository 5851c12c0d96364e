package io.memberlist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The profiles equal HashiCorp's (memberlist-protocol.md §7); invalid values fail naming the setting. */
class ConfigTest {

    private static Config build(UnaryOperator<Config.Builder> change) {
        return change.apply(Config.lan().name("n1")).build();
    }

    private static void assertSharedDefaults(Config c) {
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.bindPort()).isEqualTo(7946);
        assertThat(c.advertiseAddress()).isNull(); // Go: "" (derive from the bind address)
        assertThat(c.advertisePort()).isEqualTo(-1); // Go: 7946 = BindPort; here "the bound port"
        assertThat(c.protocolVersion()).isEqualTo(2);
        assertThat(c.suspicionMaxTimeoutMult()).isEqualTo(6);
        assertThat(c.disableTcpPings()).isFalse();
        assertThat(c.awarenessMaxMultiplier()).isEqualTo(8);
        assertThat(c.gossipVerifyIncoming()).isTrue();
        assertThat(c.gossipVerifyOutgoing()).isTrue();
        assertThat(c.enableCompression()).isTrue();
        assertThat(c.udpBufferSize()).isEqualTo(1400);
        assertThat(c.deadNodeReclaimTime()).isEqualTo(Duration.ZERO);
        assertThat(c.cidrsAllowed()).isEmpty();
        assertThat(c.delegateProtocolMin()).isZero();
        assertThat(c.delegateProtocolMax()).isZero();
        assertThat(c.delegateProtocolVersion()).isZero();
        assertThat(c.label()).isEmpty();
        assertThat(c.skipInboundLabelCheck()).isFalse();
        assertThat(c.encryptionEnabled()).isFalse();
        assertThat(c.versions()).containsExactly(1, 5, 2, 0, 0, 0);
    }

    @Test
    void lan_defaults_equalDefaultLANConfig() {
        Config c = Config.lan().name("n1").build();
        assertSharedDefaults(c);
        assertThat(c.tcpTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.indirectChecks()).isEqualTo(3);
        assertThat(c.retransmitMult()).isEqualTo(4);
        assertThat(c.suspicionMult()).isEqualTo(4);
        assertThat(c.pushPullInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.probeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.gossipNodes()).isEqualTo(3);
        assertThat(c.gossipInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.gossipToTheDeadTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.awarenessEnabled()).isTrue();
        assertThat(c.dynamicSuspicionEnabled()).isTrue();
        assertThat(c.buddySystemEnabled()).isTrue();
    }

    @Test
    void wan_defaults_equalDefaultWANConfig() {
        Config c = Config.wan().name("n1").build();
        assertSharedDefaults(c);
        assertThat(c.tcpTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.indirectChecks()).isEqualTo(3);
        assertThat(c.retransmitMult()).isEqualTo(4);
        assertThat(c.suspicionMult()).isEqualTo(6);
        assertThat(c.pushPullInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.probeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.gossipNodes()).isEqualTo(4);
        assertThat(c.gossipInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.gossipToTheDeadTime()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void local_defaults_equalDefaultLocalConfig() {
        Config c = Config.local().name("n1").build();
        assertSharedDefaults(c);
        assertThat(c.tcpTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.indirectChecks()).isEqualTo(1);
        assertThat(c.retransmitMult()).isEqualTo(2);
        assertThat(c.suspicionMult()).isEqualTo(3);
        assertThat(c.pushPullInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.probeTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.gossipNodes()).isEqualTo(3);
        assertThat(c.gossipInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.gossipToTheDeadTime()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void toBuilder_roundTrip_keepsEveryValue() {
        Config c = Config.wan().name("n1").label("blue").cidrsAllowed(List.of("10.0.0.0/8")).lifeguard(false)
                .secretKeys(List.of(new byte[16])).delegateProtocol(1, 3, 2).build();
        Config copy = c.toBuilder().build();
        assertThat(copy).usingRecursiveComparison().isEqualTo(c);
    }

    @Test
    void lifeguard_false_switchesAllThreeOff() {
        Config c = build(b -> b.lifeguard(false));
        assertThat(c.awarenessEnabled()).isFalse();
        assertThat(c.dynamicSuspicionEnabled()).isFalse();
        assertThat(c.buddySystemEnabled()).isFalse();
    }

    @Test
    void secretKeys_returnedCopies_cannotChangeTheConfig() {
        byte[] key = new byte[16];
        Config c = build(b -> b.secretKeys(List.of(key)));
        key[0] = 9;
        c.secretKeys().get(0)[1] = 9;
        assertThat(c.secretKeys().get(0)).containsOnly(0);
    }

    @Test
    void build_probeTimeoutNotBelowProbeInterval_failsNamingProbeTimeout() {
        assertThatThrownBy(() -> build(b -> b.probeTimeout(Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probeTimeout").hasMessageContaining("probeInterval");
        assertThatThrownBy(() -> build(b -> b.probeTimeout(Duration.ofSeconds(2))))
                .hasMessageContaining("probeTimeout");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65_535, 40 * 1024 * 1024 + 1})
    void build_maxStreamBytesOutOfRange_failsNamingMaxStreamBytes(int bytes) {
        assertThatThrownBy(() -> build(b -> b.maxStreamBytes(bytes)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxStreamBytes " + bytes).hasMessageContaining("65536..41943040");
    }

    @Test
    void maxStreamBytes_defaultsTo8MiBAndRoundTrips() {
        assertThat(build(b -> b).maxStreamBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(build(b -> b.maxStreamBytes(1 << 20)).toBuilder().build().maxStreamBytes()).isEqualTo(1 << 20);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 20, 31, 33})
    void build_keyOfWrongLength_failsNamingSecretKeys(int length) {
        assertThatThrownBy(() -> build(b -> b.secretKeys(List.of(new byte[length]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secretKeys[0]").hasMessageContaining(length + " bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void build_aesKeyLengths_areAccepted(int length) {
        assertThat(build(b -> b.secretKeys(List.of(new byte[length]))).encryptionEnabled()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, -1})
    void build_protocolVersionOutsideOneToFive_failsNamingProtocolVersion(int version) {
        assertThatThrownBy(() -> build(b -> b.protocolVersion(version)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("protocolVersion " + version);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5})
    void build_protocolVersionAtBounds_isAccepted(int version) {
        assertThat(build(b -> b.protocolVersion(version)).versions()[2]).isEqualTo((byte) version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "not-a-cidr/8", "10.0.0.0/abc"})
    void build_badCidr_failsNamingCidrsAllowed(String cidr) {
        assertThatThrownBy(() -> build(b -> b.cidrsAllowed(List.of(cidr))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cidrsAllowed").hasMessageContaining(cidr);
    }

    @Test
    void build_otherInvalidValues_failNamingTheSetting() {
        assertThatThrownBy(() -> build(b -> b.name(" "))).hasMessageContaining("name");
        assertThatThrownBy(() -> build(b -> b.bindPort(70_000))).hasMessageContaining("bindPort");
        assertThatThrownBy(() -> build(b -> b.advertisePort(-2))).hasMessageContaining("advertisePort");
        assertThatThrownBy(() -> build(b -> b.tcpTimeout(Duration.ZERO))).hasMessageContaining("tcpTimeout");
        assertThatThrownBy(() -> build(b -> b.gossipInterval(Duration.ofMillis(-1)))).hasMessageContaining("gossipInterval");
        assertThatThrownBy(() -> build(b -> b.pushPullInterval(Duration.ofSeconds(-1)))).hasMessageContaining("pushPullInterval");
        assertThatThrownBy(() -> build(b -> b.udpBufferSize(100))).hasMessageContaining("udpBufferSize");
        assertThatThrownBy(() -> build(b -> b.gossipNodes(0))).hasMessageContaining("gossipNodes");
        assertThatThrownBy(() -> build(b -> b.delegateProtocol(2, 1, 1))).hasMessageContaining("delegate protocol");
        assertThatThrownBy(() -> build(b -> b.label("x".repeat(256)))).hasMessageContaining("label");
    }

    @Test
    void build_zeroPushPullInterval_isAllowed() {
        assertThat(build(b -> b.pushPullInterval(Duration.ZERO)).pushPullInterval()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"probeInterval", "probeTimeout", "gossipInterval", "tcpTimeout", "pushPullInterval"})
    void build_durationOfOneNanosecond_failsNamingTheSettingAndItsMinimum(String field) {
        Duration tiny = Duration.ofNanos(1);
        assertThatThrownBy(() -> build(b -> switch (field) {
            case "probeInterval" -> b.probeInterval(tiny);
            case "probeTimeout" -> b.probeTimeout(tiny);
            case "gossipInterval" -> b.gossipInterval(tiny);
            case "tcpTimeout" -> b.tcpTimeout(tiny);
            default -> b.pushPullInterval(tiny);
        })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field + " PT0.000000001S is below the minimum of");
    }

    @Test
    void build_lowestAllowedDurations_areAccepted() {
        Config c = build(b -> b.probeInterval(Duration.ofMillis(10)).probeTimeout(Duration.ofMillis(1))
                .gossipInterval(Duration.ofMillis(10)).tcpTimeout(Duration.ofMillis(10))
                .pushPullInterval(Duration.ofMillis(100)));
        assertThat(c.gossipInterval()).isEqualTo(Duration.ofMillis(10));
    }

    /**
     * Go's HandoffQueueDepth bounds the queue between its packet reader and its handler goroutine. Here a
     * packet is handled on the loop that read it (see {@code Driver}), so there is no such queue and no
     * setting that would do nothing.
     */
    @Test
    void builder_offersNoHandoffQueueDepth_becauseThereIsNoHandoffQueue() {
        assertThat(java.util.Arrays.stream(Config.Builder.class.getMethods()).map(java.lang.reflect.Method::getName))
                .contains("udpBufferSize").doesNotContain("handoffQueueDepth");
        assertThat(java.util.Arrays.stream(Config.class.getMethods()).map(java.lang.reflect.Method::getName))
                .contains("udpBufferSize").doesNotContain("handoffQueueDepth");
    }
}
