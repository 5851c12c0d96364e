package io.memberlist.wire;

import io.memberlist.wire.MalformedPacketException.Reason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a stream's message ends, told byte by byte: only once it is complete, and exactly there. */
class StreamExtentTest {
    private static final int MAX = 1 << 20;

    @Test
    void pushPull_withNodesAndUserState_endsAfterTheLastByte() throws Exception {
        byte[] message = MessageCodec.encodeStreamMessage(pushPull(30, new byte[500]), false);
        assertEndsExactlyAt(false, concat(message, new byte[] {1, 2, 3}), message.length);
    }

    @Test
    void labelledCompressedMessage_onTheAcceptingSide_endsAfterTheCompressedBody() throws Exception {
        byte[] message = concat(Label.header("prod"), MessageCodec.encodeStreamMessage(pushPull(5, null), true));
        assertEndsExactlyAt(true, message, message.length);
    }

    @Test
    void userMessage_endsAfterItsPayload() throws Exception {
        byte[] message = MessageCodec.encodeStreamMessage(new UserMessage(new byte[1000]), false);
        assertEndsExactlyAt(false, message, message.length);
    }

    @Test
    void encryptedFrame_endsAfterItsAnnouncedLength() throws Exception {
        byte[] frame = {10, 0, 0, 0, 3, 7, 7, 7};
        assertEndsExactlyAt(false, frame, frame.length);
    }

    @Test
    void announcedLengthOverTheLimit_isRefusedBeforeTheBytesArrive() {
        byte[] header = {8, (byte) 0x81, (byte) 0xaa, 'U', 's', 'e', 'r', 'M', 's', 'g', 'L', 'e', 'n',
                (byte) 0xce, 0, 0x10, 0, 0};
        assertThatThrownBy(() -> new StreamExtent(false, MAX).end(header, header.length))
                .isInstanceOfSatisfying(MalformedPacketException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("maxStreamBytes");
    }

    @Test
    void unknownType_isRefused() {
        assertThatThrownBy(() -> new StreamExtent(false, MAX).end(new byte[] {(byte) 200}, 1))
                .isInstanceOfSatisfying(MalformedPacketException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_TYPE));
    }

    /** Feeds {@code bytes} one more byte at a time into one growing buffer, as a socket would. */
    private static void assertEndsExactlyAt(boolean acceptor, byte[] bytes, int end) throws Exception {
        StreamExtent extent = new StreamExtent(acceptor, MAX);
        byte[] buf = Arrays.copyOf(bytes, bytes.length);
        for (int size = 0; size < end; size++) {
            assertThat(extent.end(buf, size)).as("after %d of %d bytes", size, end).isEqualTo(-1);
        }
        assertThat(extent.end(buf, end)).isEqualTo(end);
        assertThat(extent.end(buf, bytes.length)).isEqualTo(end);
    }

    private static PushPull pushPull(int nodes, byte[] userState) {
        List<PushNodeState> states = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            states.add(new PushNodeState("node-" + i, new byte[] {10, 0, 0, (byte) i}, 7946, new byte[0], 1,
                    PushNodeState.STATE_ALIVE, new byte[] {1, 5, 2, 0, 0, 0}));
        }
        return new PushPull(false, states, userState);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
