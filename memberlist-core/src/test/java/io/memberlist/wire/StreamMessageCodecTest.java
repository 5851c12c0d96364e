package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stream-form encoding and decoding (memberlist-protocol.md §2.3): push/pull, user messages, limits. */
class StreamMessageCodecTest {
    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};
    private static final String NODE_STATE = GoldenVectorsTest.PUSH_NODE_STATE;

    @Test
    void encodeThenDecode_randomStreamMessages_roundTrip() throws Exception {
        long seed = 77L;
        RandomMessages random = new RandomMessages(seed);
        for (int i = 0; i < 500; i++) {
            Message m = random.streamMessage();
            boolean compress = i % 2 == 0;
            byte[] encoded = MessageCodec.encodeStreamMessage(m, compress);
            if (!compress) {
                assertThat(encoded).as("seed %d, message %d", seed, i).hasSize(WireSize.ofStream(m));
            }
            Message back = MessageCodec.decodeStreamMessage(encoded);
            assertThat(SameMessage.equal(back, GoView.afterOmitEmpty(m))).as("seed %d, message %d", seed, i).isTrue();
        }
    }

    @Test
    void encodeStreamMessage_compressed_startsWithCompressType() {
        byte[] encoded = MessageCodec.encodeStreamMessage(new ErrorResponse("boom"), true);

        assertThat(encoded[0]).isEqualTo((byte) MessageType.COMPRESS.code());
    }

    @Test
    void decodeStreamMessage_pushPullWithUserState_readsNodesThenRawState() throws Exception {
        byte[] stream = Hex.bytes("0683a44a6f696ec2a54e6f64657302ac5573657253746174654c656e03"
                + NODE_STATE + NODE_STATE + "010203" + "ffff");

        PushPull pp = (PushPull) MessageCodec.decodeStreamMessage(stream);

        assertThat(pp.join()).isFalse();
        assertThat(pp.nodes()).hasSize(2);
        assertThat(pp.nodes().get(1).vsn()).containsExactly(VSN);
        assertThat(pp.userState()).containsExactly(1, 2, 3);
    }

    @Test
    void decodeStreamMessage_nodesAsSignedInt16LikeGoMsgpackV2_isAccepted() throws Exception {
        byte[] stream = Hex.bytes("0683a44a6f696ec2a54e6f646573d10002ac5573657253746174654c656ed000"
                + NODE_STATE + NODE_STATE);

        assertThat(((PushPull) MessageCodec.decodeStreamMessage(stream)).nodes()).hasSize(2);
    }

    @Test
    void decodeStreamMessage_fewerNodesThanAnnounced_throwsTruncated() {
        assertRejected("0683a44a6f696ec2a54e6f64657303ac5573657253746174654c656e00" + NODE_STATE + NODE_STATE,
                Reason.TRUNCATED);
    }

    @Test
    void decodeStreamMessage_userStateShorterThanAnnounced_throwsTruncated() {
        assertRejected("0683a44a6f696ec2a54e6f64657300ac5573657253746174654c656e05" + "01020304", Reason.TRUNCATED);
        assertRejected("0881aa557365724d73674c656ecd03e8" + "0102", Reason.TRUNCATED);
    }

    @Test
    void decodeStreamMessage_nodesOverLimit_throwsTooLargeBeforeReadingThem() {
        assertRejected("0681a54e6f646573ce00100001", Reason.TOO_LARGE);
        assertRejected("0681a54e6f646573cf7fffffffffffffff", Reason.TOO_LARGE);
    }

    @Test
    void decodeStreamMessage_nodesAtLimit_waitsForTheNodes() {
        assertRejected("0681a54e6f646573ce00100000", Reason.TRUNCATED);
    }

    @Test
    void decodeStreamMessage_payloadsOverLimit_throwTooLarge() {
        assertRejected("0681ac5573657253746174654c656ece01400001", Reason.TOO_LARGE);
        assertRejected("0881aa557365724d73674c656ece01400001", Reason.TOO_LARGE);
    }

    @Test
    void decodeStreamMessage_negativeCounts_throwOutOfRange() {
        assertRejected("0681a54e6f646573ff", Reason.OUT_OF_RANGE);
        assertRejected("0881aa557365724d73674c656ed0ff", Reason.OUT_OF_RANGE);
        assertRejected("0681a54e6f64657301" + "81a55374617465ff", Reason.OUT_OF_RANGE);
    }

    @Test
    void decodeStreamMessage_pingAckAndErr_readLikePackets() throws Exception {
        assertThat(MessageCodec.decodeStreamMessage(Hex.bytes(GoldenVectorsTest.PING)))
                .usingRecursiveComparison().isEqualTo(new Ping(7, "n2", null, 0, ""));
        assertThat(MessageCodec.decodeStreamMessage(Hex.bytes(GoldenVectorsTest.ACK)))
                .usingRecursiveComparison().isEqualTo(new Ack(7, null));
        assertThat(MessageCodec.decodeStreamMessage(Hex.bytes("0d81a54572726f72a2686f")))
                .isEqualTo(new ErrorResponse("ho"));
    }

    @Test
    void decodeStreamMessage_compressedPushPull_readsRecord() throws Exception {
        PushPull pp = new PushPull(true, List.of(
                new PushNodeState("n1", new byte[] {10, 0, 0, 1}, 7946, null, 1, PushNodeState.STATE_LEFT, VSN)),
                new byte[] {42});

        Message decoded = MessageCodec.decodeStreamMessage(MessageCodec.encodeStreamMessage(pp, true));

        assertThat(decoded).usingRecursiveComparison().isEqualTo(pp);
    }

    @Test
    void decodeStreamMessage_compressedButIncomplete_throwsMalformedNotTruncated() {
        byte[] cut = java.util.Arrays.copyOf(Hex.bytes(GoldenVectorsTest.PUSH_PULL_HEADER), 20);

        assertRejected(Hex.of(Compression.compress(cut)), Reason.MALFORMED);
    }

    @Test
    void decodeStreamMessage_compressInsideCompress_throwsUnexpectedType() {
        byte[] twice = Compression.compress(Compression.compress(Hex.bytes(GoldenVectorsTest.PING)));

        assertRejected(Hex.of(twice), Reason.UNEXPECTED_TYPE);
    }

    @Test
    void decodeStreamMessage_compressedEmptyPayload_throwsTruncated() {
        assertRejected(Hex.of(Compression.compress(new byte[0])), Reason.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"07", "0a", "0c", "f4", "20"})
    void decodeStreamMessage_framingOrUnknownType_throwsUnexpectedType(String type) {
        assertRejected(type + "80", Reason.UNEXPECTED_TYPE);
    }

    @Test
    void decodeStreamMessage_empty_throwsTruncated() {
        assertRejected("", Reason.TRUNCATED);
    }

    @Test
    void decodeStreamMessage_decompressionCap_throwsTooLarge() {
        byte[] big = MessageCodec.encodeStreamMessage(new UserMessage(new byte[100_000]), true);

        assertThatThrownBy(() -> MessageCodec.decodeStreamMessage(big, 0, big.length, 10_000))
                .isInstanceOfSatisfying(MalformedPacketException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void encodeStreamMessage_overLimits_throwsIllegalArgument() {
        PushNodeState s = new PushNodeState("n", null, 0, null, 0, 0, null);
        List<PushNodeState> tooMany = Collections.nCopies(WireLimits.PUSH_PULL_NODES_MAX + 1, s);

        assertThatThrownBy(() -> MessageCodec.encodeStreamMessage(new PushPull(false, tooMany, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageCodec.encodeStreamMessage(
                new UserMessage(new byte[WireLimits.STREAM_PAYLOAD_BYTES_MAX + 1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageCodec.encodeStreamMessage(new PushPull(false,
                List.of(new PushNodeState("n", null, 0, null, 0, -1, null)), null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRejected(String hex, Reason reason) {
        assertThatThrownBy(() -> MessageCodec.decodeStreamMessage(Hex.bytes(hex)))
                .as(hex)
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
