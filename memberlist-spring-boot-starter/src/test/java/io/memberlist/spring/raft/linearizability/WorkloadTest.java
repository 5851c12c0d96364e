package io.memberlist.spring.raft.linearizability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The workload runner against in-JVM registers: a correct one passes, a stale-reading one is caught. */
class WorkloadTest {

    @Test
    void correctRegister_everyCallRecordedAndAnswered_historyLinearizable() throws InterruptedException {
        History history = Workload.defaults(42).withClients(5).withKeys(3).withOpsPerClient(100)
                .run(new LockedRegister());

        assertThat(history.size()).isEqualTo(500);
        assertThat(history.operations()).allMatch(op -> op.outcome() == Operation.Outcome.OK);
        assertThat(history.operations()).extracting(Operation::kind)
                .contains(Operation.Kind.READ, Operation.Kind.WRITE, Operation.Kind.CAS);
        assertThat(history.operations()).filteredOn(op -> op.kind() == Operation.Kind.CAS)
                .extracting(Operation::swapped).contains(true, false);
        new LinearizabilityChecker().check(history).assertLinearizable();
    }

    @Test
    void registerServingReadsFromALaggingCopy_isRejected_onAStaleRead() throws InterruptedException {
        History history = Workload.defaults(7).withClients(4).withKeys(1).withOpsPerClient(100)
                .run(new LaggingRegister());

        CheckResult result = new LinearizabilityChecker().check(history);

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.culprit().kind()).isIn(Operation.Kind.READ, Operation.Kind.CAS);
        assertThat(result.explanation()).contains("key k0: ", "no order of the operations");
    }

    @Test
    void unansweredCall_isRecordedIndeterminate_andRefusalClassifiedAsFailed() throws InterruptedException {
        Register silentWritesRefusedCas = new Register() {
            @Override
            public CompletableFuture<Long> read(String key) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> write(String key, long value) {
                return new CompletableFuture<>();
            }

            @Override
            public CompletableFuture<Boolean> cas(String key, Long expected, long newValue) {
                return CompletableFuture.failedFuture(new IllegalStateException("not the leader"));
            }
        };
        List<Operation> ops = Workload.defaults(3).withClients(2).withKeys(1).withOpsPerClient(30)
                .withCallTimeout(Duration.ofMillis(20))
                .withDefinitelyFailed(failure -> failure instanceof IllegalStateException)
                .run(silentWritesRefusedCas).operations();

        assertThat(ops).filteredOn(op -> op.kind() == Operation.Kind.WRITE)
                .isNotEmpty().allMatch(op -> op.outcome() == Operation.Outcome.INDETERMINATE);
        assertThat(ops).filteredOn(op -> op.kind() == Operation.Kind.CAS)
                .isNotEmpty().allMatch(op -> op.outcome() == Operation.Outcome.FAILED);
        assertThat(new LinearizabilityChecker().check(ops).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    /** Without the deadline this would run for days; the timeout turns that into a failure instead of a hang. */
    @Test
    @Timeout(60)
    void stopsAtTheDeadline_evenWithCallsLeft() throws InterruptedException {
        History history = Workload.defaults(1).withClients(2).withOpsPerClient(Integer.MAX_VALUE)
                .withMaxDuration(Duration.ofMillis(200)).run(new LockedRegister());
        assertThat(history.size()).isPositive();
    }
}
