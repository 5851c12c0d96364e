package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compound framing: layout, limits, and Go's truncation semantics. */
class CompoundTest {
    @Test
    void encodeThenDecode_threeParts_roundTrips() throws Exception {
        List<byte[]> parts = List.of(new byte[] {1}, new byte[0], new byte[] {2, 3});

        Compound.Parts decoded = Compound.decode(Compound.encode(parts));

        assertThat(decoded.parts()).containsExactly(new byte[] {1}, new byte[0], new byte[] {2, 3});
        assertThat(decoded.truncatedParts()).isZero();
    }

    @Test
    void encode_127Parts_isAllowed() {
        List<byte[]> parts = Collections.nCopies(WireSize.COMPOUND_PARTS_MAX, new byte[] {8});

        assertThat(Compound.encode(parts)).hasSize(WireSize.compound(127, 127));
    }

    @Test
    void encode_128Parts_throwsIllegalArgumentBecauseOldGoMisparsesThem() {
        List<byte[]> parts = Collections.nCopies(128, new byte[] {8});

        assertThatThrownBy(() -> Compound.encode(parts)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encode_partOf65536Bytes_throwsIllegalArgument() {
        assertThatThrownBy(() -> Compound.encode(List.of(new byte[65_536], new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Compound.encode(List.of(new byte[65_535]))).hasSize(2 + 2 + 65_535);
    }

    @Test
    void decode_255PartsFromNewerGoSender_readsAll() throws Exception {
        byte[] buf = new byte[2 + 255 * 2 + 255];
        buf[0] = 7;
        buf[1] = (byte) 255;
        for (int i = 0; i < 255; i++) {
            buf[2 + 2 * i + 1] = 1;
            buf[2 + 510 + i] = (byte) i;
        }

        Compound.Parts decoded = Compound.decode(buf);

        assertThat(decoded.parts()).hasSize(255);
        assertThat(decoded.parts().get(200)).containsExactly(200);
    }

    @Test
    void decode_lastPartCutOff_keepsEarlierPartsAndCountsTruncated() throws Exception {
        byte[] full = Compound.encode(List.of(new byte[] {1, 1}, new byte[] {2, 2}, new byte[] {3, 3}));
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);

        Compound.Parts decoded = Compound.decode(cut);

        assertThat(decoded.parts()).containsExactly(new byte[] {1, 1});
        assertThat(decoded.truncatedParts()).isEqualTo(2);
    }

    @Test
    void decode_missingCountOrLengthTable_throwsTruncated() {
        assertRejected(Hex.bytes("07"), Reason.TRUNCATED);
        assertRejected(Hex.bytes("07020012"), Reason.TRUNCATED);
    }

    @Test
    void decode_notACompound_throwsUnexpectedType() {
        assertRejected(Hex.bytes("0800"), Reason.UNEXPECTED_TYPE);
        assertRejected(new byte[0], Reason.UNEXPECTED_TYPE);
    }

    @Test
    void decode_bytesAfterLastPart_areIgnored() throws Exception {
        byte[] buf = Hex.concat(Compound.encode(List.of(new byte[] {5})), new byte[] {9, 9});

        assertThat(Compound.decode(buf).parts()).containsExactly(new byte[] {5});
    }

    @Test
    void decode_zeroParts_isEmpty() throws Exception {
        assertThat(Compound.decode(Compound.encode(new ArrayList<>())).parts()).isEmpty();
    }

    private static void assertRejected(byte[] buf, Reason reason) {
        assertThatThrownBy(() -> Compound.decode(buf))
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
