package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The unencrypted test vectors of memberlist-protocol.md §2.6, produced by Go memberlist v0.2.2, checked in
 * both directions: our encoder must write exactly these bytes and our decoder must read them back.
 */
class GoldenVectorsTest {
    private static final byte[] IP_10_0_0_1 = {10, 0, 0, 1};
    private static final byte[] IP_10_0_0_1_MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    static final String PING_WITH_SOURCE = "0085a44e6f6465a26e32a55365714e6f07aa536f7572636541646472a40a000001"
            + "aa536f757263654e6f6465a26e31aa536f75726365506f7274cd1f0a";
    static final String PING = "0082a44e6f6465a26e32a55365714e6f07";
    static final String ACK = "0282a75061796c6f6164c0a55365714e6f07";
    static final String ALIVE = "0486a441646472a40a000001ab496e6361726e6174696f6e01a44d657461c0a44e6f6465a26e31"
            + "a4506f7274cd1f0aa356736ea6010502000000";
    static final String ALIVE_16_BYTE_ADDR = "0486a441646472b000000000000000000000ffff0a000001"
            + "ab496e6361726e6174696f6e01a44d657461c0a44e6f6465a26e31a4506f7274cd1f0aa356736ea6010502000000";
    static final String SUSPECT = "0383a446726f6da26e31ab496e6361726e6174696f6e03a44e6f6465a26e32";
    static final String DEAD_LEAVE = "0583a446726f6da26e31ab496e6361726e6174696f6e03a44e6f6465a26e31";
    static final String INDIRECT_PING = "0185a44e61636bc3a44e6f6465a26e33a4506f7274cd1f0aa55365714e6f09"
            + "a6546172676574a40a000003";
    static final String COMPRESSED_ACK = "0982a4416c676f00a3427566b70005083a05254c1e366fc29001566a4a99384ede1c0808";
    static final String PUSH_PULL_HEADER = "0683a44a6f696ec3a54e6f64657301ac5573657253746174654c656e00";
    static final String PUSH_NODE_STATE = "87a441646472a40a000001ab496e6361726e6174696f6e01a44d657461c0a44e616d65a26e31"
            + "a4506f7274cd1f0aa5537461746500a356736ea6010502000000";
    static final String USER_MSG_HEADER = "0881aa557365724d73674c656ecd03e8";

    static Alive alive() {
        return new Alive(1, "n1", IP_10_0_0_1, 7946, null, VSN);
    }

    static Ack ack() {
        return new Ack(7, null);
    }

    static Stream<Arguments> packetVectors() {
        return Stream.of(
                Arguments.of("ping with source", PING_WITH_SOURCE, new Ping(7, "n2", IP_10_0_0_1, 7946, "n1")),
                Arguments.of("ping", PING, new Ping(7, "n2", null, 0, "")),
                Arguments.of("ack", ACK, ack()),
                Arguments.of("alive", ALIVE, alive()),
                Arguments.of("alive 16-byte addr", ALIVE_16_BYTE_ADDR,
                        new Alive(1, "n1", IP_10_0_0_1_MAPPED, 7946, null, VSN)),
                Arguments.of("suspect", SUSPECT, new Suspect(3, "n2", "n1")),
                Arguments.of("dead (leave)", DEAD_LEAVE, new Dead(3, "n1", "n1")),
                Arguments.of("indirect ping", INDIRECT_PING,
                        new IndirectPing(9, new byte[] {10, 0, 0, 3}, 7946, "n3", true, null, 0, "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packetVectors")
    void encodePacketMessage_goVector_writesExactlyGoBytes(String name, String hex, Message message) {
        assertThat(Hex.of(MessageCodec.encodePacketMessage(message))).isEqualTo(hex);
        assertThat(WireSize.of(message)).isEqualTo(hex.length() / 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packetVectors")
    void decodePacketMessage_goVector_readsExpectedRecord(String name, String hex, Message message) throws Exception {
        assertThat(MessageCodec.decodePacketMessage(Hex.bytes(hex))).usingRecursiveComparison().isEqualTo(message);
    }

    @Test
    void compoundEncode_ackAndAlive_writesGoLayout() {
        byte[] compound = Compound.encode(List.of(Hex.bytes(ACK), Hex.bytes(ALIVE)));

        assertThat(Hex.of(compound)).isEqualTo("0702" + "0012" + "003a" + ACK + ALIVE);
        assertThat(Hex.of(PacketCodec.DEFAULT.encode(List.of(ack(), alive()), false)))
                .as("compression does not pay off for 78 bytes, so the compound goes out as is")
                .isEqualTo(Hex.of(compound));
    }

    @Test
    void packetDecode_compoundOfAckAndAlive_readsBothInOrder() throws Exception {
        DecodedPacket packet = PacketCodec.DEFAULT.decode(Hex.bytes("0702" + "0012" + "003a" + ACK + ALIVE));

        assertThat(packet.messages()).usingRecursiveFieldByFieldElementComparator().containsExactly(ack(), alive());
        assertThat(packet.isClean()).isTrue();
    }

    @Test
    void compress_ack_writesGoBytes() {
        assertThat(Hex.of(Compression.compress(Hex.bytes(ACK)))).isEqualTo(COMPRESSED_ACK);
    }

    @Test
    void packetDecode_compressedAck_readsAck() throws Exception {
        DecodedPacket packet = PacketCodec.DEFAULT.decode(Hex.bytes(COMPRESSED_ACK));

        assertThat(packet.messages()).usingRecursiveFieldByFieldElementComparator().containsExactly(ack());
    }

    @Test
    void encodeStreamMessage_pushPullOfOneNode_writesHeaderThenNodeState() {
        PushPull pushPull = new PushPull(true,
                List.of(new PushNodeState("n1", IP_10_0_0_1, 7946, null, 1, PushNodeState.STATE_ALIVE, VSN)), null);

        assertThat(Hex.of(MessageCodec.encodeStreamMessage(pushPull))).isEqualTo(PUSH_PULL_HEADER + PUSH_NODE_STATE);
        assertThat(WireSize.of(pushPull)).isEqualTo((PUSH_PULL_HEADER + PUSH_NODE_STATE).length() / 2);
    }

    @Test
    void decodeStreamMessage_pushPullOfOneNode_readsRecord() throws Exception {
        PushPull expected = new PushPull(true,
                List.of(new PushNodeState("n1", IP_10_0_0_1, 7946, null, 1, PushNodeState.STATE_ALIVE, VSN)), null);

        Message decoded = MessageCodec.decodeStreamMessage(Hex.bytes(PUSH_PULL_HEADER + PUSH_NODE_STATE));

        assertThat(decoded).usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void encodeStreamMessage_userMessageOf1000Bytes_writesGoHeader() {
        byte[] payload = new byte[1000];
        payload[999] = 42;

        byte[] encoded = MessageCodec.encodeStreamMessage(new UserMessage(payload));

        assertThat(Hex.of(encoded)).isEqualTo(USER_MSG_HEADER + Hex.of(payload));
        assertThat(WireSize.ofStream(new UserMessage(payload))).isEqualTo(encoded.length);
    }

    @Test
    void decodeStreamMessage_userMessageHeaderAnd1000Bytes_readsPayload() throws Exception {
        byte[] payload = new byte[1000];
        payload[0] = 7;

        Message decoded = MessageCodec.decodeStreamMessage(Hex.concat(Hex.bytes(USER_MSG_HEADER), payload));

        assertThat(decoded).isInstanceOfSatisfying(UserMessage.class, u -> assertThat(u.payload()).isEqualTo(payload));
    }

    @Test
    void encodePacketMessage_40CharString_usesStr16NeverStr8() throws Exception {
        String forty = "x".repeat(40);
        byte[] encoded = MessageCodec.encodePacketMessage(new ErrorResponse(forty));

        assertThat(Hex.of(encoded)).isEqualTo("0d81a54572726f72" + "da0028" + Hex.of(forty.getBytes()));
        assertThat(MessageCodec.decodePacketMessage(encoded)).isEqualTo(new ErrorResponse(forty));
    }
}
