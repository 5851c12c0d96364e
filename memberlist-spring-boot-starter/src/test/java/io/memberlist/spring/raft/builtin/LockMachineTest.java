package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.Notification;
import io.memberlist.spring.raft.builtin.LockCodec.Lease;
import io.memberlist.spring.raft.builtin.LockReply.Outcome;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Times are in 1970 on purpose: a machine that read the wall clock would see every lease expired. */
class LockMachineTest {
    private final LockMachine machine = new LockMachine();
    private final List<Notification> published = new ArrayList<>();
    private long index = 10;

    @Test
    void acquire_whenFree_grantsWithTheLogIndexAsToken_andLeaseFromCommitTime() {
        LockReply reply = acquire("job", "a", 1_000, 500);

        assertThat(reply).isEqualTo(new LockReply(Outcome.GRANTED, "a", index, 1_500));
        assertThat(published).extracting(Notification::event, Notification::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("acquired", "job"));
    }

    @Test
    void acquire_byAnotherOwner_beforeExpiryByCommitTime_isHeld_andAtExpiryIsGranted() {
        LockReply first = acquire("job", "a", 1_000, 500);
        published.clear();

        assertThat(acquire("job", "b", 1_499, 500)).isEqualTo(new LockReply(Outcome.HELD, "a", first.token(), 1_500));
        assertThat(published).isEmpty();

        LockReply second = acquire("job", "b", 1_500, 500);
        assertThat(second.outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(second.holder()).isEqualTo("b");
        assertThat(published).extracting(Notification::event).containsExactly("expired", "acquired");
    }

    @Test
    void commitClock_neverRunsBackwards_whenAProposersClockIsBehind() {
        acquire("job", "a", 1_000, 500);
        acquire("other", "x", 5_000, 500); // a proposer with a clock ahead moves the commits' clock to 5000

        LockReply skewed = acquire("job", "b", 1_200, 500); // a proposer 3.8 s behind
        assertThat(skewed.outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(skewed.expiresAtMillis()).isEqualTo(5_500);
        assertThat(machine.clockMillis()).isEqualTo(5_000);
    }

    @Test
    void fencingTokens_increaseWithEveryNewGrant() {
        List<Long> tokens = new ArrayList<>();
        tokens.add(acquire("job", "a", 1_000, 500).token());
        release("job", "a", tokens.get(0), 1_100);
        tokens.add(acquire("job", "b", 1_200, 500).token());
        tokens.add(acquire("job", "c", 1_700, 500).token()); // b expired
        tokens.add(acquire("job", "c", 2_300, 500).token()); // c expired, c again: a new grant

        assertThat(tokens).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void reacquire_byTheHolder_keepsTheToken_andExtendsTheLease() {
        LockReply first = acquire("job", "a", 1_000, 500);
        LockReply again = acquire("job", "a", 1_400, 500);

        assertThat(again).isEqualTo(new LockReply(Outcome.GRANTED, "a", first.token(), 1_900));
    }

    @Test
    void renew_byTheHolder_extends_butNotAfterExpiry_norWithAnotherToken() {
        long token = acquire("job", "a", 1_000, 500).token();

        assertThat(renew("job", "a", token, 1_400, 500)).isEqualTo(new LockReply(Outcome.RENEWED, "a", token, 1_900));
        assertThat(renew("job", "a", token + 1, 1_500, 500).outcome()).isEqualTo(Outcome.NOT_HOLDER);
        assertThat(renew("job", "b", token, 1_500, 500).outcome()).isEqualTo(Outcome.NOT_HOLDER);
        assertThat(renew("job", "a", token, 1_900, 500)).isEqualTo(new LockReply(Outcome.NOT_HOLDER, null, 0, 0));
    }

    @Test
    void release_byTheHolder_freesAndPublishes_byAnyoneElseChangesNothing() {
        long token = acquire("job", "a", 1_000, 500).token();
        published.clear();

        assertThat(release("job", "b", token, 1_100)).isEqualTo(new LockReply(Outcome.NOT_HOLDER, "a", token, 1_500));
        assertThat(published).isEmpty();
        assertThat(release("job", "a", token, 1_200).outcome()).isEqualTo(Outcome.RELEASED);
        assertThat(published).extracting(Notification::event).containsExactly("released");
        assertThat(holder("job").outcome()).isEqualTo(Outcome.FREE);
    }

    @Test
    void release_ofTheCallersOwnExpiredLease_freesIt() {
        long token = acquire("job", "a", 1_000, 500).token();

        assertThat(release("job", "a", token, 9_000).outcome()).isEqualTo(Outcome.RELEASED);
        assertThat(machine.leases()).isEmpty();
    }

    @Test
    void holderQuery_reportsTheLease_untilTheCommitClockPassesIt() {
        long token = acquire("job", "a", 1_000, 500).token();
        assertThat(holder("job")).isEqualTo(new LockReply(Outcome.HELD, "a", token, 1_500));

        acquire("other", "x", 1_500, 500);
        assertThat(holder("job").outcome()).isEqualTo(Outcome.FREE);
    }

    @Test
    void snapshot_roundTrip_restoresLeasesAndClock() throws IOException {
        acquire("a", "n1", 1_000, 500);
        acquire("b", "n2", 1_100, 900);
        LockMachine restored = new LockMachine();
        restored.readSnapshot(new ByteArrayInputStream(MapMachineTest.snapshot(machine)));

        assertThat(restored.leases()).isEqualTo(machine.leases()).hasSize(2);
        assertThat(restored.clockMillis()).isEqualTo(1_100);
    }

    @Test
    void badInput_isRejectedWithAReason_andChangesNeitherLeasesNorClock() {
        long token = acquire("job", "a", 1_000, 500).token();
        Map<String, Lease> before = machine.leases();
        byte[] acquire = LockCodec.acquire("job", "b", 500);
        List<byte[]> bad = List.of(
                Arrays.copyOf(acquire, acquire.length - 1),
                new WireWriter(42).str("job").toByteArray(),
                LockCodec.acquire("job", "b", LockCodec.LEASE_MILLIS_MIN - 1),
                LockCodec.renew("job", "a", token, LockCodec.LEASE_MILLIS_MAX + 1),
                LockCodec.acquire("job", "", 500));
        List<String> reasons = List.of("leaseMillis", "unknown command opcode 42", "outside", "outside", "owner");

        for (int i = 0; i < bad.size(); i++) {
            byte[] result = machine.apply(RecordedCommit.of("lock", ++index, 99_000, bad.get(i)));
            assertThatThrownBy(() -> LockCodec.decodeReply(result))
                    .isInstanceOf(RejectedCommandException.class).hasMessageContaining(reasons.get(i));
        }
        assertThat(machine.leases()).isEqualTo(before);
        assertThat(machine.clockMillis()).isEqualTo(1_000);
        assertThat(machine.rejectedCount()).isEqualTo(bad.size());
    }

    private LockReply acquire(String name, String owner, long time, long leaseMillis) {
        return apply(LockCodec.acquire(name, owner, leaseMillis), time);
    }

    private LockReply renew(String name, String owner, long token, long time, long leaseMillis) {
        return apply(LockCodec.renew(name, owner, token, leaseMillis), time);
    }

    private LockReply release(String name, String owner, long token, long time) {
        return apply(LockCodec.release(name, owner, token), time);
    }

    private LockReply holder(String name) {
        return LockCodec.decodeReply(machine.query(LockCodec.holder(name)));
    }

    private LockReply apply(byte[] command, long time) {
        RecordedCommit commit = RecordedCommit.of("lock", ++index, time, command);
        byte[] result = machine.apply(commit);
        published.addAll(commit.published());
        return LockCodec.decodeReply(result);
    }
}
