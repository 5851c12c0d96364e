package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link WireSize} against the real encoder, and the encoder against Go's formatting rules. */
class WireSizeTest {
    private static final long SEED = 424242L;

    @Test
    void of_randomPacketMessages_equalsEncodedLength() {
        RandomMessages random = new RandomMessages(SEED);
        for (int i = 0; i < 5000; i++) {
            Message m = random.packetMessage();
            assertThat(MessageCodec.encodePacketMessage(m)).as("seed %d, message %d", SEED, i)
                    .hasSize(WireSize.of(m));
        }
    }

    @Test
    void ofStream_randomStreamMessages_equalsEncodedLength() {
        RandomMessages random = new RandomMessages(SEED + 1);
        for (int i = 0; i < 1000; i++) {
            Message m = random.streamMessage();
            assertThat(MessageCodec.encodeStreamMessage(m)).as("seed %d, message %d", SEED + 1, i)
                    .hasSize(WireSize.ofStream(m));
        }
    }

    @Test
    void nodeState_randomStates_sumsToPushPullSize() {
        RandomMessages random = new RandomMessages(SEED + 2);
        PushPull pp = random.pushPull(40);
        int header = WireSize.of(new PushPull(pp.join(), List.of(), pp.userState()))
                - (pp.userState() == null ? 0 : pp.userState().length);
        int states = pp.nodes().stream().mapToInt(WireSize::nodeState).sum();

        assertThat(MessageCodec.encodeStreamMessage(pp)).hasSize(WireSize.of(pp));
        assertThat(WireSize.of(pp)).isEqualTo(header + states + (pp.userState() == null ? 0 : pp.userState().length));
    }

    @Test
    void of_nullStringsAndNullUserPayload_matchEncoderTreatingThemAsEmpty() {
        Message suspect = new Suspect(1, null, null);
        Message user = new UserMessage(null);

        assertThat(MessageCodec.encodePacketMessage(suspect)).hasSize(WireSize.of(suspect));
        assertThat(MessageCodec.encodePacketMessage(user)).hasSize(WireSize.of(user)).hasSize(1);
        assertThat(MessageCodec.encodeStreamMessage(user)).hasSize(WireSize.ofStream(user));
    }

    @Test
    void compound_partsOfRandomMessages_equalsCompoundLength() {
        RandomMessages random = new RandomMessages(SEED + 3);
        for (int n = 1; n <= WireSize.COMPOUND_PARTS_MAX; n += 9) {
            List<byte[]> parts = new ArrayList<>();
            int bytes = 0;
            while (parts.size() < n) {
                byte[] part = MessageCodec.encodePacketMessage(random.packetMessage());
                if (part.length <= WireLimits.COMPOUND_PART_BYTES_MAX) {
                    parts.add(part);
                    bytes += part.length;
                }
            }
            int expected = n == 1 ? parts.get(0).length : Compound.encode(parts).length;
            assertThat(WireSize.compound(bytes, n)).isEqualTo(expected);
        }
    }

    @Test
    void compress_lzwLength_equalsCompressMessageLength() {
        for (int n : new int[] {0, 10, 31, 32, 1000, 70_000}) {
            byte[] payload = new byte[n];
            new java.util.SplittableRandom(n).nextBytes(payload);
            assertThat(Compression.compress(payload)).hasSize(WireSize.compress(Lzw.compress(payload).length));
        }
    }

    @Test
    void encodePacketMessage_randomMessages_followGoFormattingRules() throws Exception {
        RandomMessages random = new RandomMessages(SEED + 4);
        for (int i = 0; i < 3000; i++) {
            Message m = random.packetMessage();
            byte[] encoded = MessageCodec.encodePacketMessage(m);
            assertThat(encoded[0]).isEqualTo((byte) m.type().code());
            if (!(m instanceof UserMessage)) {
                assertThat(GoFormatRules.checkStructs(encoded, 1, 1)).as("seed %d, message %d", SEED + 4, i)
                        .isEqualTo(encoded.length);
            }
        }
    }

    @Test
    void encodeStreamMessage_randomPushPulls_followGoFormattingRules() throws Exception {
        RandomMessages random = new RandomMessages(SEED + 5);
        for (int i = 0; i < 200; i++) {
            PushPull pp = random.pushPull(i % 30);
            byte[] encoded = MessageCodec.encodeStreamMessage(pp);
            int end = GoFormatRules.checkStructs(encoded, 1, 1 + pp.nodes().size());
            assertThat(encoded.length - end).isEqualTo(pp.userState() == null ? 0 : pp.userState().length);
        }
    }
}
