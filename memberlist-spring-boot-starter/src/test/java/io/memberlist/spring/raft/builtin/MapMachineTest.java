package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.Notification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapMachineTest {
    private final MapMachine machine = new MapMachine();
    private long index;

    @Test
    void put_returnsPreviousValue_andGetSeesTheNewOne() {
        assertThat(MapCodec.value(apply(MapCodec.put("m", "k", utf8("a"))).result)).isNull();
        assertThat(text(MapCodec.value(apply(MapCodec.put("m", "k", utf8("b"))).result))).isEqualTo("a");
        assertThat(text(MapCodec.value(machine.query(MapCodec.get("m", "k"))))).isEqualTo("b");
    }

    @Test
    void namedMaps_areIndependent() {
        apply(MapCodec.put("orders", "k", utf8("1")));
        apply(MapCodec.put("users", "k", utf8("2")));
        assertThat(text(MapCodec.value(machine.query(MapCodec.get("orders", "k"))))).isEqualTo("1");
        assertThat(MapCodec.sizeOf(machine.query(MapCodec.size("users")))).isEqualTo(1);
        assertThat(MapCodec.sizeOf(machine.query(MapCodec.size("nobody")))).isZero();
    }

    @Test
    void remove_returnsOldValue_andDropsTheEntry() {
        apply(MapCodec.put("m", "k", utf8("a")));
        assertThat(text(MapCodec.value(apply(MapCodec.remove("m", "k")).result))).isEqualTo("a");
        assertThat(MapCodec.value(machine.query(MapCodec.get("m", "k")))).isNull();
        assertThat(machine.contents()).isEmpty();
    }

    @Test
    void keys_areSorted() {
        apply(MapCodec.put("m", "b", utf8("1")));
        apply(MapCodec.put("m", "a", utf8("2")));
        apply(MapCodec.put("m", "c", utf8("3")));
        assertThat(MapCodec.keyList(machine.query(MapCodec.keys("m")))).containsExactly("a", "b", "c");
    }

    /** current ("-" = absent), expected ("-" = expect absent), update ("-" = remove) → swapped, value after. */
    @ParameterizedTest(name = "current={0} expected={1} update={2} -> swapped={3}, after={4}")
    @CsvSource({
            "-, -, new, true, new",      // expected absent, is absent: create
            "-, old, new, false, -",     // expected a value, is absent
            "old, -, new, false, old",   // expected absent, is present
            "old, old, new, true, new",  // match: set
            "old, other, new, false, old", // mismatch
            "old, old, -, true, -",      // match with null update: delete
            "-, -, -, true, -",          // absent stays absent
    })
    void compareAndSet_table(String current, String expected, String update, boolean swapped, String after) {
        if (!current.equals("-")) {
            apply(MapCodec.put("m", "k", utf8(current)));
        }
        Applied cas = apply(MapCodec.compareAndSet("m", "k", orNull(expected), orNull(update)));
        MapCodec.CasResult result = MapCodec.casResult(cas.result);
        assertThat(result.swapped()).isEqualTo(swapped);
        assertThat(result.witness()).isEqualTo(orNull(current));
        assertThat(MapCodec.value(machine.query(MapCodec.get("m", "k")))).isEqualTo(orNull(after));
    }

    @Test
    void commands_publishOneChangePerKey_withOldAndNewValue() {
        Applied created = apply(MapCodec.put("m", "k", utf8("a")));
        Applied updated = apply(MapCodec.compareAndSet("m", "k", utf8("a"), utf8("b")));
        Applied removed = apply(MapCodec.remove("m", "k"));

        assertChange(created, "k", null, "a");
        assertChange(updated, "k", "a", "b");
        assertChange(removed, "k", "b", null);
    }

    @Test
    void commandsThatChangeNothing_publishNothing() {
        apply(MapCodec.put("m", "k", utf8("a")));
        assertThat(apply(MapCodec.put("m", "k", utf8("a"))).published).isEmpty();
        assertThat(apply(MapCodec.remove("m", "absent")).published).isEmpty();
        assertThat(apply(MapCodec.compareAndSet("m", "k", utf8("x"), utf8("y"))).published).isEmpty();
    }

    @Test
    void snapshot_roundTrip_restoresTheSameState() throws IOException {
        apply(MapCodec.put("orders", "1", utf8("one")));
        apply(MapCodec.put("orders", "2", utf8("two")));
        apply(MapCodec.put("users", "ann", new byte[] {0, (byte) 0xff}));
        MapMachine restored = new MapMachine();
        restored.readSnapshot(new ByteArrayInputStream(snapshot(machine)));

        assertThat(restored.contents()).isEqualTo(machine.contents()).hasSize(2);
        assertThat(MapCodec.value(restored.query(MapCodec.get("users", "ann")))).containsExactly(0, 0xff);
    }

    @Test
    void readSnapshot_replacesExistingState_andABrokenOneChangesNothing() throws IOException {
        MapMachine other = new MapMachine();
        other.apply(RecordedCommit.of("map", 1, 0, MapCodec.put("m", "x", utf8("1"))));
        byte[] snapshot = snapshot(other);
        apply(MapCodec.put("m", "stale", utf8("old")));

        byte[] truncated = Arrays.copyOf(snapshot, snapshot.length - 1);
        assertThatThrownBy(() -> machine.readSnapshot(new ByteArrayInputStream(truncated)))
                .isInstanceOf(IOException.class);
        assertThat(machine.contents()).isEqualTo(Map.of("m", Map.of("stale", "old")));

        machine.readSnapshot(new ByteArrayInputStream(snapshot));
        assertThat(machine.contents()).isEqualTo(Map.of("m", Map.of("x", "1")));
    }

    @Test
    void readSnapshot_withAnImpossibleValueLength_failsWithoutAllocatingIt() {
        byte[] corrupt = {1, (byte) 0x81, (byte) 0xa1, 'm', (byte) 0x81, (byte) 0xa1, 'k',
                (byte) 0xc6, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}; // bin32 of 2 GiB - 1, no bytes

        assertThatThrownBy(() -> machine.readSnapshot(new ByteArrayInputStream(corrupt)))
                .isInstanceOf(IOException.class).hasMessageContaining("2147483647 bytes");
        assertThat(machine.contents()).isEmpty();
    }

    @Test
    void truncatedCommand_isRejectedWithAClearError_andStateIsUnchanged() {
        apply(MapCodec.put("m", "k", utf8("a")));
        byte[] put = MapCodec.put("m", "k", utf8("b"));
        Applied truncated = apply(Arrays.copyOf(put, put.length - 1));

        assertThatThrownBy(() -> MapCodec.value(truncated.result))
                .isInstanceOf(RejectedCommandException.class).hasMessageContaining("value");
        assertThat(truncated.published).isEmpty();
        assertThat(machine.contents()).isEqualTo(Map.of("m", Map.of("k", "a")));
        assertThat(machine.rejectedCount()).isEqualTo(1);
    }

    @Test
    void unknownOpcode_isRejected_andStateIsUnchanged() {
        apply(MapCodec.put("m", "k", utf8("a")));
        byte[] unknown = new WireWriter(99).str("m").str("k").toByteArray();

        assertThatThrownBy(() -> MapCodec.value(apply(unknown).result))
                .isInstanceOf(RejectedCommandException.class).hasMessageContaining("unknown command opcode 99");
        assertThatThrownBy(() -> MapCodec.value(machine.query(unknown)))
                .isInstanceOf(RejectedCommandException.class).hasMessageContaining("unknown query opcode 99");
        assertThat(machine.contents()).isEqualTo(Map.of("m", Map.of("k", "a")));
        assertThat(machine.rejectedCount()).isEqualTo(2);
    }

    @Test
    void otherFormatVersion_isRejectedWithAnUpgradeHint() {
        byte[] put = MapCodec.put("m", "k", utf8("a"));
        put[0] = 2; // positive fixint: the format version

        assertThatThrownBy(() -> MapCodec.value(apply(put).result))
                .hasMessageContaining("format version 2 is not supported");
        assertThat(machine.contents()).isEmpty();
    }

    @Test
    void oversizedKey_trailingBytes_andPutWithoutValue_areRejected() {
        apply(MapCodec.put("m", "k", utf8("a")));
        String longKey = "k".repeat(MapCodec.KEY_BYTES_MAX + 1);
        byte[] trailing = new WireWriter(MapCodec.REMOVE).str("m").str("k").str("extra").toByteArray();
        byte[] nilPut = new WireWriter(MapCodec.PUT).str("m").str("k").binOrNil(null).toByteArray();

        for (byte[] command : List.of(MapCodec.put("m", longKey, utf8("a")), trailing, nilPut)) {
            assertThatThrownBy(() -> MapCodec.value(apply(command).result))
                    .isInstanceOf(RejectedCommandException.class);
        }
        assertThat(machine.contents()).isEqualTo(Map.of("m", Map.of("k", "a")));
        assertThat(machine.rejectedCount()).isEqualTo(3);
    }

    private void assertChange(Applied applied, String key, String previous, String current) {
        assertThat(applied.published).hasSize(1);
        Notification notification = applied.published.get(0);
        assertThat(notification.event()).isEqualTo("m");
        assertThat(notification.key()).isEqualTo(key);
        assertThat(notification.index()).isEqualTo(applied.index);
        byte[][] values = MapCodec.changeOf(notification.payload());
        assertThat(values[0]).isEqualTo(orNull(previous == null ? "-" : previous));
        assertThat(values[1]).isEqualTo(orNull(current == null ? "-" : current));
    }

    private Applied apply(byte[] command) {
        RecordedCommit commit = RecordedCommit.of("map", ++index, 1_000L, command);
        return new Applied(machine.apply(commit), commit.published(), commit.index());
    }

    private record Applied(byte[] result, List<Notification> published, long index) {
    }

    static byte[] snapshot(io.memberlist.spring.raft.ReplicatedStateMachine machine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        machine.writeSnapshot(out);
        return out.toByteArray();
    }

    private static byte[] orNull(String text) {
        return text.equals("-") ? null : utf8(text);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
