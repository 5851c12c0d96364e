package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole UDP payloads: how messages, compound, compression and CRC nest, both ways. */
class PacketCodecTest {
    private static final PacketCodec PLAIN = new PacketCodec(false, WireLimits.DECOMPRESSED_BYTES_MAX);
    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    @Test
    void encode_oneMessage_isThatMessageAlone() {
        assertThat(Hex.of(PLAIN.encode(List.of(new Ack(7, null)), false))).isEqualTo(GoldenVectorsTest.ACK);
    }

    @Test
    void encode_severalMessages_isACompound() throws Exception {
        byte[] payload = PLAIN.encode(List.of(new Ack(7, null), new Nack(8)), false);

        assertThat(payload[0]).isEqualTo((byte) MessageType.COMPOUND.code());
        assertThat(Compound.decode(payload).parts()).hasSize(2);
    }

    @Test
    void encode_compressibleGossip_isCompressedInsideCrc() throws Exception {
        List<Message> gossip = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            gossip.add(new Alive(i, "node-" + i, new byte[] {10, 0, 0, (byte) i}, 7946, null, VSN));
        }

        byte[] payload = PacketCodec.DEFAULT.encode(gossip, true);

        assertThat(payload[0]).isEqualTo((byte) MessageType.HAS_CRC.code());
        assertThat(payload[Crc.OVERHEAD]).isEqualTo((byte) MessageType.COMPRESS.code());
        assertThat(payload.length).isLessThan(Crc.OVERHEAD + PLAIN.encode(gossip, false).length);
        assertThat(PacketCodec.DEFAULT.decode(payload).messages()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(gossip);
    }

    @Test
    void encode_compressionDisabled_neverCompresses() {
        List<Message> same = Collections.nCopies(50, new Suspect(1, "node-a", "node-b"));

        assertThat(PLAIN.encode(same, false)[0]).isEqualTo((byte) MessageType.COMPOUND.code());
    }

    @Test
    void encode_invalidMessageLists_throwIllegalArgument() {
        assertThatThrownBy(() -> PLAIN.encode(List.of(), false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PLAIN.encode(Collections.nCopies(128, new Nack(1)), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PLAIN.encode(List.of(new PushPull(false, List.of(), null)), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketCodec(true, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void frame_preEncodedParts_equalsEncodingTheMessages() {
        List<Message> messages = List.of(new Ack(1, null), new Dead(2, "a", "b"), new UserMessage(new byte[] {1}));
        List<byte[]> parts = messages.stream().map(MessageCodec::encodePacketMessage).toList();

        assertThat(PacketCodec.DEFAULT.frame(parts, true)).isEqualTo(PacketCodec.DEFAULT.encode(messages, true));
    }

    @Test
    void encodeThenDecode_randomMessageListsWithEveryOption_roundTrip() throws Exception {
        long seed = 31337L;
        RandomMessages random = new RandomMessages(seed);
        for (int i = 0; i < 400; i++) {
            List<Message> messages = new ArrayList<>();
            int n = 1 + (i % 10 == 0 ? 126 : i % 7);
            int bytes = 0;
            while (messages.size() < n) {
                Message m = random.packetMessage();
                int size = WireSize.of(m);
                // errResp is a stream reply: Go's packet handler skips it, so it cannot round-trip here.
                if (!(m instanceof ErrorResponse) && size <= WireLimits.COMPOUND_PART_BYTES_MAX && bytes + size < 1_000_000) {
                    messages.add(m);
                    bytes += size;
                }
            }
            PacketCodec codec = i % 2 == 0 ? PacketCodec.DEFAULT : PLAIN;
            DecodedPacket decoded = codec.decode(codec.encode(messages, i % 3 == 0));
            assertThat(decoded.isClean()).isTrue();
            assertThat(SameMessage.equal(decoded.messages(), messages.stream().map(GoView::afterOmitEmpty).toList()))
                    .as("seed %d, packet %d", seed, i).isTrue();
        }
    }

    @Test
    void decode_crcMismatch_throwsBadCrc() {
        byte[] payload = PLAIN.encode(List.of(new Nack(3)), true);
        payload[payload.length - 1] ^= 1;

        assertRejected(PacketCodec.DEFAULT, payload, Reason.BAD_CRC);
    }

    @Test
    void decode_crcInsideCompound_isSkippedAsUnknownLikeGo() throws Exception {
        byte[] inner = Crc.wrap(Hex.bytes(GoldenVectorsTest.ACK));
        byte[] payload = Compound.encode(List.of(inner, Hex.bytes(GoldenVectorsTest.SUSPECT)));

        DecodedPacket decoded = PacketCodec.DEFAULT.decode(payload);

        assertThat(decoded.messages()).containsExactly(new Suspect(3, "n2", "n1"));
        assertThat(decoded.unknownMessages()).isEqualTo(1);
    }

    @Test
    void decode_typesGoDoesNotHandleOnUdp_areSkippedAndCounted() throws Exception {
        byte[] payload = Compound.encode(List.of(Hex.bytes(GoldenVectorsTest.ACK), Hex.bytes("6380"),
                Hex.bytes(GoldenVectorsTest.PUSH_PULL_HEADER), Hex.bytes("0d81a54572726f72a0"), Hex.bytes("f40161"),
                Hex.bytes("0a00000000")));

        DecodedPacket decoded = PacketCodec.DEFAULT.decode(payload);

        assertThat(decoded.messages()).hasSize(1);
        assertThat(decoded.unknownMessages()).isEqualTo(5);
    }

    @Test
    void decode_unknownTypeAlone_returnsNothingButTheCount() throws Exception {
        DecodedPacket decoded = PacketCodec.DEFAULT.decode(Hex.bytes("2a0102"));

        assertThat(decoded.messages()).isEmpty();
        assertThat(decoded.unknownMessages()).isEqualTo(1);
    }

    @Test
    void decode_truncatedCompound_keepsEarlierPartsAndCounts() throws Exception {
        byte[] full = Compound.encode(List.of(Hex.bytes(GoldenVectorsTest.ACK), Hex.bytes(GoldenVectorsTest.ALIVE)));
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 1);

        DecodedPacket decoded = PacketCodec.DEFAULT.decode(cut);

        assertThat(decoded.messages()).hasSize(1).first().isInstanceOf(Ack.class);
        assertThat(decoded.truncatedParts()).isEqualTo(1);
    }

    @Test
    void decode_malformedPartInCompound_isCountedAndOthersKept() throws Exception {
        byte[] payload = Compound.encode(List.of(Hex.bytes("0b81a55365714e6fff"), new byte[0],
                Hex.bytes(GoldenVectorsTest.DEAD_LEAVE), Hex.bytes("0907")));

        DecodedPacket decoded = PacketCodec.DEFAULT.decode(payload);

        assertThat(decoded.messages()).containsExactly(new Dead(3, "n1", "n1"));
        assertThat(decoded.malformedParts()).isEqualTo(3);
    }

    @Test
    void decode_malformedSingleMessage_throws() {
        assertRejected(PacketCodec.DEFAULT, Hex.bytes("0b81a55365714e6fff"), Reason.OUT_OF_RANGE);
        assertRejected(PacketCodec.DEFAULT, new byte[0], Reason.TRUNCATED);
        assertRejected(PacketCodec.DEFAULT, Crc.wrap(new byte[0]), Reason.TRUNCATED);
        assertRejected(PacketCodec.DEFAULT, Hex.bytes("0c0102"), Reason.TRUNCATED);
        assertRejected(PacketCodec.DEFAULT, Hex.bytes("07"), Reason.TRUNCATED);
    }

    @Test
    void decode_compoundInsideCompressInsideCompound_flattensInOrder() throws Exception {
        byte[] innerCompound = Compound.encode(List.of(Hex.bytes(GoldenVectorsTest.PING), Hex.bytes("0801")));
        byte[] payload = Crc.wrap(Compound.encode(List.of(Compression.compress(innerCompound),
                Hex.bytes(GoldenVectorsTest.ACK))));

        DecodedPacket decoded = PacketCodec.DEFAULT.decode(payload);

        assertThat(decoded.messages()).extracting(Message::type)
                .containsExactly(MessageType.PING, MessageType.USER, MessageType.ACK_RESP);
        assertThat(((UserMessage) decoded.messages().get(1)).payload()).containsExactly(1);
    }

    @Test
    void decode_compressNestedTooDeep_throwsTooDeep() {
        byte[] payload = Hex.bytes(GoldenVectorsTest.ACK);
        for (int i = 0; i <= WireLimits.NESTING_DEPTH_MAX; i++) {
            payload = Compression.compress(payload);
        }

        assertRejected(PacketCodec.DEFAULT, payload, Reason.TOO_DEEP);
    }

    @Test
    void decode_decompressionOverBudgetInsideCompound_rejectsTheWholePacket() {
        byte[] bomb = Compression.compress(Hex.concat(new byte[] {8}, new byte[400_000]));
        byte[] payload = Compound.encode(List.of(bomb, bomb, bomb));

        assertRejected(new PacketCodec(true, 1_000_000), payload, Reason.TOO_LARGE);
    }

    @Test
    void decode_range_readsOnlyThatRange() throws Exception {
        byte[] buf = Hex.bytes("ffff" + "0b81a55365714e6f07" + "ffff");

        assertThat(PacketCodec.DEFAULT.decode(buf, 2, buf.length - 4).messages()).containsExactly(new Nack(7));
    }

    private static void assertRejected(PacketCodec codec, byte[] payload, Reason reason) {
        assertThatThrownBy(() -> codec.decode(payload))
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
