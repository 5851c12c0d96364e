package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.Notification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade's own logic (no group here): what it decodes from the machine and what it refuses to send. */
class ReplicatedMapTest {
    private final ReplicatedMap<String> map =
            new ReplicatedMap<>(new UncalledRaftOperations(), "orders", ValueCodec.UTF8);

    @Test
    void change_decodesWhatTheMachinePublished() {
        MapMachine machine = new MapMachine();
        byte[] v1 = "v1".getBytes(StandardCharsets.UTF_8);
        RecordedCommit put = RecordedCommit.of("map", 7, 0, MapCodec.put("orders", "k", v1));
        machine.apply(put);
        RecordedCommit remove = RecordedCommit.of("map", 8, 0, MapCodec.remove("orders", "k"));
        machine.apply(remove);

        assertThat(map.change(put.published().get(0))).isEqualTo(new MapChange<>("orders", "k", null, "v1", 7));
        assertThat(map.change(remove.published().get(0))).isEqualTo(new MapChange<>("orders", "k", "v1", null, 8));
    }

    @Test
    void change_ofAMalformedNotification_isRefusedWithAReason() {
        Notification broken = new Notification("map", "orders", "k", new byte[] {1, 0, (byte) 0xc4}, 9);
        assertThatThrownBy(() -> map.change(broken)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("previous");
    }

    @Test
    void oversizedKeysValuesAndNames_failBeforeReachingTheGroup() {
        String longKey = "k".repeat(MapCodec.KEY_BYTES_MAX + 1);
        String bigValue = "v".repeat(MapCodec.VALUE_BYTES_MAX + 1);

        assertThatThrownBy(() -> map.put(longKey, "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> map.put("k", bigValue))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value");
        assertThatThrownBy(() -> map.put("k", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("remove");
        assertThatThrownBy(() -> new ReplicatedMap<>(new UncalledRaftOperations(), "n".repeat(257), ValueCodec.BYTES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("map name");
    }

    @Test
    void machineReplies_decodeForEveryQuery() {
        MapMachine machine = new MapMachine();
        machine.apply(RecordedCommit.of("map", 1, 0, MapCodec.put("orders", "b", new byte[] {2})));
        machine.apply(RecordedCommit.of("map", 2, 0, MapCodec.put("orders", "a", new byte[] {1})));

        assertThat(MapCodec.keyList(machine.query(MapCodec.keys("orders")))).isEqualTo(List.of("a", "b"));
        assertThat(MapCodec.sizeOf(machine.query(MapCodec.size("orders")))).isEqualTo(2);
        assertThat(MapCodec.value(machine.query(MapCodec.get("orders", "a")))).containsExactly(1);
    }

    @Test
    void counterFacade_refusesAnOversizedName() {
        assertThatThrownBy(() -> new ReplicatedCounter(new UncalledRaftOperations(), "c".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counter name");
    }
}
