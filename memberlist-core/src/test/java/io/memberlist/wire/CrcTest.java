package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.wire.MalformedPacketException.Reason;
import org.junit.jupiter.api.Test;

/** The hasCrc framing: CRC32-IEEE, big-endian, over everything after the 5-byte header. */
class CrcTest {
    @Test
    void wrap_knownPayload_writesTypeThenBigEndianCrc32() {
        // CRC32-IEEE("123456789") = cbf43926, the standard check value.
        assertThat(Hex.of(Crc.wrap("123456789".getBytes()))).isEqualTo("0c" + "cbf43926" + Hex.of("123456789".getBytes()));
    }

    @Test
    void wrapThenStrip_ack_returnsAck() throws Exception {
        byte[] ack = Hex.bytes(GoldenVectorsTest.ACK);

        assertThat(Crc.strip(Crc.wrap(ack))).isEqualTo(ack);
    }

    @Test
    void strip_anyFlippedBit_throwsBadCrc() {
        byte[] framed = Crc.wrap(Hex.bytes(GoldenVectorsTest.ALIVE));
        for (int bit = 8; bit < framed.length * 8; bit++) {
            byte[] copy = framed.clone();
            copy[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> Crc.strip(copy)).as("bit %d", bit)
                    .isInstanceOfSatisfying(MalformedPacketException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_CRC));
        }
    }

    @Test
    void strip_headerCutOff_throwsTruncated() {
        assertThatThrownBy(() -> Crc.strip(Hex.bytes("0c0102")))
                .isInstanceOfSatisfying(MalformedPacketException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void strip_noCrcHeader_throwsUnexpectedType() {
        assertThatThrownBy(() -> Crc.strip(Hex.bytes(GoldenVectorsTest.ACK)))
                .isInstanceOfSatisfying(MalformedPacketException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_TYPE));
    }

    @Test
    void wrap_emptyPayload_isCrcOfNothing() throws Exception {
        assertThat(Hex.of(Crc.wrap(new byte[0]))).isEqualTo("0c00000000");
        assertThat(Crc.strip(Hex.bytes("0c00000000"))).isEmpty();
    }
}
