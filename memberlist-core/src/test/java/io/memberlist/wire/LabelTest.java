package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.wire.MalformedPacketException.Reason;
import org.junit.jupiter.api.Test;

/** The v0.3+ label header on packets and streams. */
class LabelTest {
    @Test
    void addToPacket_labelC1_prefixesGoHeader() {
        byte[] packet = Hex.bytes(GoldenVectorsTest.ACK);

        assertThat(Hex.of(Label.addToPacket("c1", packet))).isEqualTo("f4026331" + GoldenVectorsTest.ACK);
    }

    @Test
    void addToPacket_emptyLabel_returnsPacketUnchanged() {
        byte[] packet = Hex.bytes(GoldenVectorsTest.ACK);

        assertThat(Label.addToPacket("", packet)).isSameAs(packet);
        assertThat(Label.header("")).isEmpty();
    }

    @Test
    void header_255ByteLabel_isAllowedAnd256IsNot() {
        assertThat(Label.header("x".repeat(255))).hasSize(257);
        assertThatThrownBy(() -> Label.header("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Label.header("é".repeat(128))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strip_labelledPacket_returnsLabelAndRest() throws Exception {
        Label.Stripped stripped = Label.strip(Hex.bytes("f4026331" + GoldenVectorsTest.ACK));

        assertThat(stripped.label()).isEqualTo("c1");
        assertThat(stripped.rest()).isEqualTo(Hex.bytes(GoldenVectorsTest.ACK));
    }

    @Test
    void strip_unlabelledOrEmptyInput_returnsItUnchangedWithEmptyLabel() throws Exception {
        byte[] packet = Hex.bytes(GoldenVectorsTest.ACK);

        assertThat(Label.strip(packet).rest()).isSameAs(packet);
        assertThat(Label.strip(packet).label()).isEmpty();
        assertThat(Label.strip(new byte[0]).label()).isEmpty();
    }

    @Test
    void strip_emptyLabelInHeader_throwsBadLabel() {
        assertThatThrownBy(() -> Label.strip(Hex.bytes("f40002")))
                .isInstanceOfSatisfying(MalformedPacketException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_LABEL));
    }

    @Test
    void strip_headerCutOff_throwsTruncatedSoStreamsCanReadMore() {
        for (String hex : new String[] {"f4", "f403", "f4036331"}) {
            assertThatThrownBy(() -> Label.strip(Hex.bytes(hex))).as(hex)
                    .isInstanceOfSatisfying(MalformedPacketException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
        }
    }

    @Test
    void strip_onlyAHeader_returnsEmptyRest() throws Exception {
        assertThat(Label.strip(Label.header("prod")).rest()).isEmpty();
        assertThat(Label.headerLength(Label.header("prod"))).isEqualTo(6);
    }

    @Test
    void accepts_goV03Rules() {
        assertThat(Label.accepts("c1", "c1", false)).isTrue();
        assertThat(Label.accepts("c1", "", false)).isFalse();
        assertThat(Label.accepts("", "c1", false)).isFalse();
        assertThat(Label.accepts("", "", false)).isTrue();
        assertThat(Label.accepts("c1", "", true)).as("a proxy already stripped it").isTrue();
        assertThat(Label.accepts("c1", "c1", true)).as("a second header is an error").isFalse();
    }
}
