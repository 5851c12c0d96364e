package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.wire.MalformedPacketException.Reason;
import org.junit.jupiter.api.Test;

/** The compress message: Go's layout, the "only when smaller" rule for packets, and rejections. */
class CompressionTest {
    @Test
    void compressIfSmaller_smallAck_returnsPayloadUnchanged() {
        byte[] ack = Hex.bytes(GoldenVectorsTest.ACK);

        assertThat(Compression.compressIfSmaller(ack)).isSameAs(ack);
    }

    @Test
    void compressIfSmaller_repetitivePayload_returnsCompressMessage() throws Exception {
        byte[] payload = ("alive alive alive alive alive alive alive alive alive alive").repeat(10).getBytes();

        byte[] out = Compression.compressIfSmaller(payload);

        assertThat(out.length).isLessThan(payload.length);
        assertThat(out[0]).isEqualTo((byte) 9);
        assertThat(Compression.decompress(out)).isEqualTo(payload);
    }

    @Test
    void decompress_algorithmOtherThanLzw_throwsUnsupportedAlgorithm() {
        String deflate = "0982a4416c676f01a3427566b70005083a05254c1e366fc29001566a4a99384ede1c0808";

        assertRejected(deflate, Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void decompress_bufAsBinAndKeysInArrayForm_isAccepted() throws Exception {
        String bin = "0982a4416c676f00a3427566c4170005083a05254c1e366fc29001566a4a99384ede1c0808";
        String array = "099200b70005083a05254c1e366fc29001566a4a99384ede1c0808";

        assertThat(Compression.decompress(Hex.bytes(bin))).isEqualTo(Hex.bytes(GoldenVectorsTest.ACK));
        assertThat(Compression.decompress(Hex.bytes(array))).isEqualTo(Hex.bytes(GoldenVectorsTest.ACK));
    }

    @Test
    void decompress_missingOrNilBuf_throwsBadCompression() {
        assertRejected("0981a4416c676f00", Reason.BAD_COMPRESSION);
        assertRejected("0981a3427566c0", Reason.BAD_COMPRESSION);
    }

    @Test
    void decompress_notACompressMessage_throwsUnexpectedType() {
        assertRejected(GoldenVectorsTest.ACK, Reason.UNEXPECTED_TYPE);
        assertRejected("", Reason.UNEXPECTED_TYPE);
    }

    @Test
    void decompress_corruptLzw_throwsBadCompression() {
        assertRejected("0982a4416c676f00a3427566a3ffffff", Reason.BAD_COMPRESSION);
    }

    private static void assertRejected(String hex, Reason reason) {
        assertThatThrownBy(() -> Compression.decompress(Hex.bytes(hex)))
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
