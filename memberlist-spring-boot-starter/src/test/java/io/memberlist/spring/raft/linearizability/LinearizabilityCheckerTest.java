package io.memberlist.spring.raft.linearizability;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-written histories with a known answer: each kind of correct concurrency passes, each anomaly fails, named. */
class LinearizabilityCheckerTest {
    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    private CheckResult check(Ops ops) {
        return checker.check(ops.all());
    }

    @Test
    void emptyHistory_isLinearizable() {
        assertThat(checker.check(List.of()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void readsOfAnUnwrittenRegister_returnNull() {
        assertThat(check(new Ops().read(1, null, 0, 1).write(2, 1, 2, 3).read(1, 1L, 4, 5)).linearizable()).isTrue();
        assertThat(check(new Ops().write(2, 1, 0, 1).read(1, null, 2, 3)).verdict())
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void overlappingWrites_mayTakeEffectInEitherOrder_andReadsInsideTheOverlapMaySeeEither() {
        // write(2) takes effect first, the read sees it, then write(1) lands before its own return.
        Ops ops = new Ops().write(1, 1, 0, 10).write(2, 2, 5, 15).read(3, 2L, 6, 8).read(3, 1L, 12, 20);
        assertThat(check(ops).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void readConcurrentWithAWrite_mayReturnTheOldOrTheNewValue() {
        Ops ops = new Ops().write(1, 1, 0, 1).write(1, 2, 10, 20).read(2, 1L, 11, 12).read(3, 2L, 13, 14)
                .read(2, 2L, 15, 16);
        assertThat(check(ops).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unansweredWrite_thatTookEffect_evenLongAfterItsInvocation() {
        Ops ops = new Ops().write(1, 1, 0, 10).writeWithoutAnswer(2, 2, 20).read(3, 1L, 30, 40).read(3, 2L, 100, 110);
        assertThat(check(ops).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unansweredWrite_thatNeverTookEffect() {
        Ops ops = new Ops().write(1, 1, 0, 10).writeWithoutAnswer(2, 2, 20).read(3, 1L, 100, 110).read(3, 1L, 200, 210);
        assertThat(check(ops).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unansweredWrite_cannotTakeEffectBeforeItWasInvoked() {
        Ops ops = new Ops().write(1, 1, 0, 10).read(3, 2L, 12, 14).writeWithoutAnswer(2, 2, 20);
        CheckResult result = check(ops);
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.culprit().kind()).isEqualTo(Operation.Kind.READ);
    }

    @Test
    void definitelyFailedWrite_isNeverVisible() {
        Ops failedAndUnseen = new Ops().write(1, 1, 0, 10).writeFailed(2, 2, 20).read(3, 1L, 30, 40);
        assertThat(check(failedAndUnseen).verdict()).isEqualTo(Verdict.LINEARIZABLE);

        Ops failedButSeen = new Ops().write(1, 1, 0, 10).writeFailed(2, 2, 20).read(3, 2L, 30, 40);
        CheckResult result = check(failedButSeen);
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.explanation()).contains("returned 2", "no operation on k wrote", "recorded as failed");
    }

    @Test
    void successfulAndFailedCas() {
        Ops ops = new Ops().cas(1, null, 1, true, 0, 5).cas(2, null, 9, false, 6, 8).write(1, 1, 10, 12)
                .cas(1, 1L, 2, true, 20, 30).cas(2, 1L, 3, false, 40, 50).read(3, 2L, 60, 70);
        assertThat(check(ops).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unansweredCas_mayHaveSwappedOrNot() {
        Ops swapped = new Ops().write(1, 1, 0, 10).casWithoutAnswer(2, 1L, 2, 20).read(3, 1L, 30, 40)
                .read(3, 2L, 50, 60);
        assertThat(check(swapped).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        Ops notSwapped = new Ops().write(1, 1, 0, 10).casWithoutAnswer(2, 1L, 2, 20).read(3, 1L, 50, 60);
        assertThat(check(notSwapped).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        Ops cannotSwap = new Ops().write(1, 1, 0, 10).casWithoutAnswer(2, 7L, 2, 20).read(3, 2L, 50, 60);
        assertThat(check(cannotSwap).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void staleReadAfterACompletedWrite_fails_namingTheReadAndTheWriteItMissed() {
        Ops ops = new Ops().write(1, 5, 0, 10).write(2, 7, 20, 30).read(3, 5L, 40, 50);
        Operation staleRead = ops.last();
        CheckResult result = check(ops);

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.culprit()).isEqualTo(staleRead);
        assertThat(result.explanation()).contains("key k: read by client 3 at [40.000, 50.000] ms returned 5",
                "leaves the register holding 7", "7 was written by #1 client 2 write(7) ok on k at [20.000, 30.000] ms");
        assertThat(result.involved()).extracting(Operation::id).contains(0, 1, 2);
    }

    @Test
    void lostWrite_completedButNeverVisibleWhileLaterReadsSeeAnOlderValue() {
        Ops ops = new Ops().write(1, 1, 0, 10).write(2, 2, 20, 30).read(3, 1L, 25, 35).read(3, 1L, 40, 50);
        Operation culprit = ops.last();
        ops.write(1, 3, 60, 70).read(3, 3L, 80, 90).read(2, 3L, 95, 99);

        CheckResult result = check(ops);

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.culprit())
                .as("the first read that cannot precede write(2), not the later reads that are fine")
                .isEqualTo(culprit);
        assertThat(result.explanation()).contains("returned 1", "holding 2", "2 was written by #1 client 2 write(2)");
    }

    @Test
    void casThatSucceededAgainstAValueThatCouldNotBeCurrent_fails() {
        Ops ops = new Ops().write(1, 1, 0, 10).write(2, 2, 20, 30).cas(3, 1L, 3, true, 40, 50);
        CheckResult result = check(ops);
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.culprit()).isEqualTo(ops.last());
        assertThat(result.explanation()).contains("cas(1, 3) by client 3 at [40.000, 50.000] ms swapped, so the register held 1", "holding 2");
    }

    @Test
    void casThatReportedNoSwapWhenItMustHaveSwapped_fails() {
        Ops ops = new Ops().write(1, 1, 0, 10).cas(2, 1L, 2, false, 20, 30);
        CheckResult result = check(ops);
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.explanation()).contains("did not swap, so the register did not hold 1", "holding 1");
    }

    @Test
    void readOfAValueNeverWritten_fails() {
        Ops ops = new Ops().write(1, 1, 0, 10).read(2, 1L, 11, 12).read(3, 42L, 20, 30);
        CheckResult result = check(ops);
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.culprit()).isEqualTo(ops.last());
        assertThat(result.explanation()).contains("read by client 3 at [20.000, 30.000] ms returned 42, a value no operation on k wrote");
    }

    @Test
    void keysAreCheckedIndependently_andTheFailingKeyIsNamed() {
        Ops ops = new Ops().on("a").write(1, 1, 0, 10).on("b").write(1, 2, 0, 10).on("a").read(2, 1L, 20, 30)
                .on("b").write(2, 3, 20, 30).read(3, 2L, 40, 50).on("a").read(3, 1L, 40, 50);
        CheckResult result = check(ops);
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.key()).isEqualTo("b");
        assertThat(result.explanation()).startsWith("key b: ");
    }

    @Test
    void exhaustedBudget_isUnknown_andDoesNotPass() {
        Ops ops = new Ops();
        for (int client = 0; client < 6; client++) {
            ops.write(client, client, 0, 100);
        }
        ops.read(9, 0L, 101, 102);
        CheckResult result = new LinearizabilityChecker(3, null).check(ops.all());

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.explanation()).contains("budget of 3 search steps exhausted on key k");
        assertThatThrownBy(result::assertLinearizable).isInstanceOf(AssertionError.class).hasMessageContaining("unknown");
        assertThat(new LinearizabilityChecker().check(ops.all()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void assertLinearizable_failsWithTheExplanation() {
        Ops ops = new Ops().write(1, 5, 0, 10).write(2, 7, 20, 30).read(3, 5L, 40, 50);
        assertThatThrownBy(() -> check(ops).assertLinearizable()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("read by client 3");
    }

    @Test
    void recorder_unansweredCallsCountAsIndeterminate_andEachCallCompletesOnce() {
        long[] now = {0};
        History history = new History(() -> now[0]++);
        history.invokeWrite(1, "k", 7).writeOk();
        History.Pending forgotten = history.invokeWrite(2, "k", 8);
        History.Pending read = history.invokeRead(3, "k");
        read.readOk(8L);

        assertThat(history.operations()).extracting(Operation::outcome)
                .containsExactly(Operation.Outcome.OK, Operation.Outcome.INDETERMINATE, Operation.Outcome.OK);
        assertThat(new LinearizabilityChecker().check(history).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThatThrownBy(() -> read.readOk(9L)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> forgotten.casOk(false)).isInstanceOf(IllegalStateException.class);
    }
}
