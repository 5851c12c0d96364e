package io.memberlist.spring.raft.builtin;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CounterMachineTest {
    private final CounterMachine machine = new CounterMachine();
    private long index;

    @Test
    void add_returnsTheValueAfter_andGetReadsIt() {
        assertThat(CounterMachine.value(apply(CounterMachine.add("hits", 1)))).isEqualTo(1);
        assertThat(CounterMachine.value(apply(CounterMachine.add("hits", 41)))).isEqualTo(42);
        assertThat(CounterMachine.value(apply(CounterMachine.add("hits", -2)))).isEqualTo(40);
        assertThat(CounterMachine.value(machine.query(CounterMachine.get("hits")))).isEqualTo(40);
        assertThat(CounterMachine.value(machine.query(CounterMachine.get("never")))).isZero();
    }

    @Test
    void overflow_isRejected_andTheValueIsUnchanged() {
        apply(CounterMachine.add("c", Long.MAX_VALUE));
        assertThatThrownBy(() -> CounterMachine.value(apply(CounterMachine.add("c", 1))))
                .isInstanceOf(RejectedCommandException.class).hasMessageContaining("overflows");
        assertThat(machine.contents()).isEqualTo(Map.of("c", Long.MAX_VALUE));
    }

    @Test
    void truncatedOrUnknownCommand_isRejected_andStateIsUnchanged() {
        apply(CounterMachine.add("c", 5));
        byte[] add = CounterMachine.add("c", 1000);
        byte[] unknown = new WireWriter(7).str("c").toByteArray();

        assertThatThrownBy(() -> CounterMachine.value(apply(Arrays.copyOf(add, add.length - 2))))
                .isInstanceOf(RejectedCommandException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> CounterMachine.value(apply(unknown)))
                .isInstanceOf(RejectedCommandException.class).hasMessageContaining("unknown command opcode 7");
        assertThat(machine.contents()).isEqualTo(Map.of("c", 5L));
        assertThat(machine.rejectedCount()).isEqualTo(2);
    }

    @Test
    void snapshot_roundTrip_restoresTheSameState() throws IOException {
        apply(CounterMachine.add("a", 3));
        apply(CounterMachine.add("b", -7));
        CounterMachine restored = new CounterMachine();
        restored.apply(RecordedCommit.of("counter", 1, 0, CounterMachine.add("stale", 1)));
        restored.readSnapshot(new ByteArrayInputStream(MapMachineTest.snapshot(machine)));

        assertThat(restored.contents()).isEqualTo(machine.contents()).isEqualTo(Map.of("a", 3L, "b", -7L));
    }

    private byte[] apply(byte[] command) {
        return machine.apply(RecordedCommit.of("counter", ++index, 1_000L, command));
    }
}
