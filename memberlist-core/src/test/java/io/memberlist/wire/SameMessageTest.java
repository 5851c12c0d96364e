package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The round-trip tests lean on {@link SameMessage}; it must see differences inside arrays and lists. */
class SameMessageTest {
    @Test
    void equal_equalContentInDistinctArrays_isTrue() {
        assertThat(SameMessage.equal(new Ack(1, new byte[] {1}), new Ack(1, new byte[] {1}))).isTrue();
    }

    @Test
    void equal_differenceInArrayOrNestedListOrType_isFalse() {
        PushNodeState a = new PushNodeState("n", new byte[] {1}, 1, null, 1, 0, null);
        PushNodeState b = new PushNodeState("n", new byte[] {2}, 1, null, 1, 0, null);

        assertThat(SameMessage.equal(new Ack(1, new byte[] {1}), new Ack(1, new byte[] {2}))).isFalse();
        assertThat(SameMessage.equal(new Ack(1, null), new Ack(1, new byte[0]))).isFalse();
        assertThat(SameMessage.equal(new PushPull(true, List.of(a), null), new PushPull(true, List.of(b), null))).isFalse();
        assertThat(SameMessage.equal(new Nack(1), new Ack(1, null))).isFalse();
    }
}
