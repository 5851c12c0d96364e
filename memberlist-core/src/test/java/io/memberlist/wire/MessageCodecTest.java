package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Packet-form encoding and decoding of single messages: round trips, Go's leniency, and rejections. */
class MessageCodecTest {
    private static final String NACK_SEQ_KEY = "0b81a55365714e6f"; // nackResp{SeqNo: ...}
    private static final byte[] IP = {10, 0, 0, 1};
    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    static Stream<Message> oneOfEachType() {
        return Stream.of(
                new Ping(0, "", null, 0, ""),
                new Ping(0xFFFF_FFFFL, "näme-ü", new byte[16], 65535, "source"),
                new IndirectPing(1, IP, 7946, "target", false, IP, 7947, "src"),
                new IndirectPing(2, new byte[16], 0, "", true, null, 0, ""),
                new Ack(128, new byte[] {1, 2, 3}),
                new Ack(65536, new byte[0]),
                new Nack(256),
                new Suspect(4, "n2", "n1"),
                new Alive(5, "x".repeat(300), IP, 1, "m".repeat(512).getBytes(), VSN),
                new Dead(6, "n1", "n2"),
                new UserMessage(new byte[] {8, 9}),
                new UserMessage(new byte[0]),
                new ErrorResponse("remote error: " + "e".repeat(70_000)));
    }

    @ParameterizedTest
    @MethodSource("oneOfEachType")
    void encodeThenDecode_eachMessageType_roundTrips(Message message) throws Exception {
        byte[] encoded = MessageCodec.encodePacketMessage(message);

        assertThat(encoded).hasSize(WireSize.of(message));
        assertThat(MessageCodec.decodePacketMessage(encoded))
                .usingRecursiveComparison().isEqualTo(GoView.afterOmitEmpty(message));
    }

    @Test
    void encodeThenDecode_randomPacketMessages_roundTrip() throws Exception {
        long seed = 20260701L;
        RandomMessages random = new RandomMessages(seed);
        for (int i = 0; i < 3000; i++) {
            Message m = random.packetMessage();
            Message back = MessageCodec.decodePacketMessage(MessageCodec.encodePacketMessage(m));
            assertThat(SameMessage.equal(back, GoView.afterOmitEmpty(m))).as("seed %d, message %d", seed, i).isTrue();
        }
    }

    @Test
    void encodePacketMessage_nilAndEmptyPayload_writeC0AndA0() {
        assertThat(Hex.of(MessageCodec.encodePacketMessage(new Ack(7, null)))).contains("5061796c6f6164c0");
        assertThat(Hex.of(MessageCodec.encodePacketMessage(new Ack(7, new byte[0])))).contains("5061796c6f6164a0");
    }

    @Test
    void encodePacketMessage_pingWithOnlySourcePort_omitsEmptySourceFields() {
        byte[] encoded = MessageCodec.encodePacketMessage(new Ping(7, "n2", new byte[0], 7946, ""));

        assertThat(Hex.of(encoded)).isEqualTo("0083a44e6f6465a26e32a55365714e6f07aa536f75726365506f7274cd1f0a");
    }

    @Test
    void encodePacketMessage_pushPull_throwsIllegalArgument() {
        assertThatThrownBy(() -> MessageCodec.encodePacketMessage(new PushPull(false, java.util.List.of(), null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodePacketMessage_outOfRangeFields_throwIllegalArgument() {
        assertThatThrownBy(() -> MessageCodec.encodePacketMessage(new Nack(1L << 32)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SeqNo");
        assertThatThrownBy(() -> MessageCodec.encodePacketMessage(new Suspect(-1, "a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Incarnation");
        assertThatThrownBy(() -> MessageCodec.encodePacketMessage(new Alive(1, "a", IP, 65536, null, VSN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Port");
        assertThatThrownBy(() -> MessageCodec.encodePacketMessage(new Ping(1, "a", IP, -1, "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SourcePort");
    }

    @ParameterizedTest
    @ValueSource(strings = {"07", "cc07", "cd0007", "ce00000007", "cf0000000000000007",
            "d007", "d10007", "d200000007", "d30000000000000007"})
    void decode_seqNoInAnyIntegerFamily_readsValue(String seqNo) throws Exception {
        assertThat(decode(NACK_SEQ_KEY + seqNo)).isEqualTo(new Nack(7));
    }

    @Test
    void decode_seqNoAtUint32Max_readsValue() throws Exception {
        assertThat(decode(NACK_SEQ_KEY + "ceffffffff")).isEqualTo(new Nack(0xFFFF_FFFFL));
        assertThat(decode(NACK_SEQ_KEY + "d300000000ffffffff")).isEqualTo(new Nack(0xFFFF_FFFFL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "e0", "d0ff", "d1ff00", "d2ffffffff", "d3ffffffffffffffff",
            "cf0000000100000000", "cfffffffffffffffff", "d30000000100000000"})
    void decode_negativeOrOver32BitSeqNo_throwsOutOfRange(String seqNo) {
        assertRejected(NACK_SEQ_KEY + seqNo, Reason.OUT_OF_RANGE);
    }

    @Test
    void decode_portOver16Bits_throwsOutOfRange() {
        assertRejected("0481a4506f7274ce00010000", Reason.OUT_OF_RANGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a3", "a0", "c2", "ca40e00000", "cb401c000000000000", "90", "80", "c403010203"})
    void decode_seqNoOfNonIntegerType_throwsWrongType(String value) {
        assertRejected(NACK_SEQ_KEY + value, Reason.WRONG_TYPE);
    }

    @Test
    void decode_byteFieldsAsBinOrStr8_readBytes() throws Exception {
        assertThat(((Ack) decode("0282a75061796c6f6164c403010203a55365714e6f07")).payload()).containsExactly(1, 2, 3);
        assertThat(((Ack) decode("0282a75061796c6f6164d903010203a55365714e6f07")).payload()).containsExactly(1, 2, 3);
        assertThat(((Ack) decode("0282a75061796c6f6164c500020102a55365714e6f07")).payload()).containsExactly(1, 2);
    }

    @Test
    void decode_vsnAsIntegerArray_readsBytes() throws Exception {
        Alive alive = (Alive) decode("0481a356736e96 01 05 02 00 cc00 d000");

        assertThat(alive.vsn()).containsExactly(VSN);
    }

    @Test
    void decode_vsnArrayElementOver255_throwsOutOfRange() {
        assertRejected("0481a356736e9201cd0100", Reason.OUT_OF_RANGE);
    }

    @Test
    void decode_vsnArrayLongerThanInput_throwsTruncatedWithoutAllocating() {
        assertRejected("0481a356736edd7fffffff01", Reason.TRUNCATED);
    }

    @Test
    void decode_boolAsFixint_readsBool() throws Exception {
        assertThat(((IndirectPing) decode("0181a44e61636b01")).nack()).isTrue();
        assertThat(((IndirectPing) decode("0181a44e61636b00")).nack()).isFalse();
        assertRejected("0181a44e61636b02", Reason.OUT_OF_RANGE);
        assertRejected("0181a44e61636bcc01", Reason.WRONG_TYPE);
    }

    @Test
    void decode_unknownKeys_areSkippedWhateverTheirValue() throws Exception {
        // {"Zz": {"a": [1, {}], "b": ext}, 5: "int key", "SeqNo": 7}
        String hex = "0b83" + "a25a7a" + "82a1619201 80a162d40102" + "05a3696e74" + "a55365714e6f07";

        assertThat(decode(hex)).isEqualTo(new Nack(7));
    }

    @Test
    void decode_keysDifferingInCase_areNotMatched() throws Exception {
        assertThat(decode("0b81a5736571" + "6e6f07")).isEqualTo(new Nack(0));
    }

    @Test
    void decode_emptyMap_givesGoZeroValues() throws Exception {
        assertThat(decode("0080")).usingRecursiveComparison().isEqualTo(new Ping(0, "", null, 0, ""));
        assertThat(decode("0480")).usingRecursiveComparison().isEqualTo(new Alive(0, "", null, 0, null, null));
    }

    @Test
    void decode_nilValues_giveZeroValues() throws Exception {
        assertThat(decode("0083a44e6f6465c0a55365714e6f" + "c0" + "aa536f7572636541646472c0"))
                .usingRecursiveComparison().isEqualTo(new Ping(0, "", null, 0, ""));
        assertThat(decode("00c0")).usingRecursiveComparison().isEqualTo(new Ping(0, "", null, 0, ""));
    }

    @Test
    void decode_keysInAnyOrder_readsSameRecord() throws Exception {
        assertThat(decode("0383a44e6f6465a26e32a446726f6da26e31ab496e6361726e6174696f6e03"))
                .isEqualTo(new Suspect(3, "n2", "n1"));
    }

    @Test
    void decode_duplicateKeys_lastOneWins() throws Exception {
        assertThat(decode("0b82a55365714e6f01a55365714e6f02")).isEqualTo(new Nack(2));
    }

    @Test
    void decode_arrayForm_readsFieldsInGoDeclarationOrder() throws Exception {
        Message ping = decode("0095" + "07" + "a26e32" + "a40a000001" + "cd1f0a" + "a26e31");
        Message alive = decode("0496" + "01" + "a26e31" + "a40a000001" + "cd1f0a" + "c0" + "a6010502000000");

        assertThat(ping).usingRecursiveComparison().isEqualTo(new Ping(7, "n2", IP, 7946, "n1"));
        assertThat(alive).usingRecursiveComparison().isEqualTo(new Alive(1, "n1", IP, 7946, null, VSN));
    }

    @Test
    void decode_arrayFormShorterOrLongerThanStruct_zeroFillsOrSkips() throws Exception {
        assertThat(decode("0391" + "05")).isEqualTo(new Suspect(5, "", ""));
        assertThat(decode("0b93" + "05" + "81a16190" + "a178")).isEqualTo(new Nack(5));
    }

    @Test
    void decode_stringFieldAsBin_isAcceptedLikeGoMsgpackV2() throws Exception {
        assertThat(decode("0d81a54572726f72c4026f6b")).isEqualTo(new ErrorResponse("ok"));
    }

    @Test
    void decode_stringFieldOfWrongType_throwsWrongType() {
        assertRejected("0d81a54572726f7207", Reason.WRONG_TYPE);
        assertRejected("0d81a54572726f7280", Reason.WRONG_TYPE);
    }

    @Test
    void decode_bodyNotAStruct_throwsWrongType() {
        assertRejected("0007", Reason.WRONG_TYPE);
        assertRejected("00a3616263", Reason.WRONG_TYPE);
    }

    @Test
    void decode_neverUsedFormatByte_throwsMalformed() {
        assertRejected("00c1", Reason.MALFORMED);
        assertRejected("0b81a55365714e6fc1", Reason.MALFORMED);
    }

    @Test
    void decode_stringLongerThanInput_throwsTruncatedOrTooLargeWithoutAllocating() {
        assertRejected("0081a44e6f6465db7fffffff", Reason.TRUNCATED);
        assertRejected("0081a44e6f6465dbffffffff", Reason.TOO_LARGE);
    }

    @Test
    void decode_mapLongerThanInput_throwsTruncatedOrTooLarge() {
        assertRejected("00dfffffffff", Reason.TOO_LARGE);
        assertRejected("00df7fffffff", Reason.TRUNCATED);
    }

    @Test
    void decode_everyCutOfGoldenVectors_throwsTruncated() {
        for (String hex : new String[] {GoldenVectorsTest.PING_WITH_SOURCE, GoldenVectorsTest.ACK,
                GoldenVectorsTest.ALIVE, GoldenVectorsTest.INDIRECT_PING, GoldenVectorsTest.SUSPECT}) {
            byte[] full = Hex.bytes(hex);
            for (int cut = 0; cut < full.length; cut++) {
                byte[] prefix = java.util.Arrays.copyOf(full, cut);
                assertThatThrownBy(() -> MessageCodec.decodePacketMessage(prefix))
                        .as("%s cut at %d", hex, cut)
                        .isInstanceOfSatisfying(MalformedPacketException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
            }
        }
    }

    @Test
    void decode_trailingBytesAfterStruct_areIgnored() throws Exception {
        assertThat(decode(GoldenVectorsTest.SUSPECT + "ffff")).isEqualTo(new Suspect(3, "n2", "n1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"06", "07", "09", "0a", "0c", "f4", "0e", "63", "ff"})
    void decodePacketMessage_framingOrUnknownType_throwsUnexpectedType(String type) {
        assertRejected(type + "80", Reason.UNEXPECTED_TYPE);
    }

    @Test
    void decodePacketMessage_userType_takesRawBytesAfterTypeByte() throws Exception {
        assertThat(((UserMessage) decode("08c1ff00")).payload()).containsExactly(0xc1, 0xff, 0x00);
        assertThat(((UserMessage) decode("08")).payload()).isEmpty();
    }

    @Test
    void decodePacketMessage_range_readsOnlyThatRange() throws Exception {
        byte[] buf = Hex.bytes("ffff" + GoldenVectorsTest.ACK + "ffff");

        assertThat(MessageCodec.decodePacketMessage(buf, 2, buf.length - 4))
                .usingRecursiveComparison().isEqualTo(new Ack(7, null));
    }

    private static Message decode(String hex) throws MalformedPacketException {
        return MessageCodec.decodePacketMessage(Hex.bytes(hex.replace(" ", "")));
    }

    static void assertRejected(String hex, Reason reason) {
        assertThatThrownBy(() -> decode(hex))
                .as(hex)
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
