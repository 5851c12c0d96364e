package io.memberlist.spring.raft.linearizability;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Histories linearizable by construction (threads calling a register behind a real lock, with lost replies,
 * lost requests and refusals mixed in) must pass; the same history with one read made stale must fail, and the
 * culprit must be exactly that read.
 */
class RandomisedHistoriesTest {
    private static final double MISHAP_RATE = 0.03;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void correctRegisterWithMishaps_passes_andOneInjectedStaleReadFails(long seed) throws InterruptedException {
        Workload workload = Workload.defaults(seed).withClients(4).withKeys(2).withOpsPerClient(150)
                .withDefinitelyFailed(failure -> failure instanceof FlakyRegister.Refused);
        List<Operation> history = workload.run(new FlakyRegister(new LockedRegister(), seed, MISHAP_RATE))
                .operations();
        assertThat(history).extracting(Operation::outcome).contains(Operation.Outcome.FAILED,
                Operation.Outcome.INDETERMINATE);

        new LinearizabilityChecker().check(history).assertLinearizable();

        Operation staleRead = injectStaleRead(history);
        CheckResult result = new LinearizabilityChecker().check(history);
        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.culprit()).as(result.explanation()).isEqualTo(staleRead);
        assertThat(result.explanation()).contains("read by client " + staleRead.client(),
                "returned " + staleRead.returned());
    }

    /**
     * Replaces the result of the first answered read R for which there are answered writes W1, W2 on its key with
     * W1 answered before W2 was invoked and W2 answered before R was invoked: R is made to return W1's value,
     * which W2 had certainly overwritten (every value is written once). Returns the altered read.
     */
    private static Operation injectStaleRead(List<Operation> history) {
        for (int r = 0; r < history.size(); r++) {
            Operation read = history.get(r);
            if (read.kind() != Operation.Kind.READ || !read.required()) {
                continue;
            }
            Operation overwriting = latestWriteAnsweredBefore(history, read.key(), read.invokeNanos());
            if (overwriting == null) {
                continue;
            }
            Operation overwritten = latestWriteAnsweredBefore(history, read.key(), overwriting.invokeNanos());
            if (overwritten == null || Objects.equals(overwritten.argument(), read.returned())) {
                continue;
            }
            Operation stale = new Operation(read.id(), read.client(), read.key(), read.kind(), null, null,
                    overwritten.argument(), null, read.invokeNanos(), read.completeNanos(), read.outcome());
            history.set(r, stale);
            return stale;
        }
        throw new AssertionError("no read to make stale in " + history.size() + " operations");
    }

    private static Operation latestWriteAnsweredBefore(List<Operation> history, String key, long time) {
        Operation latest = null;
        for (Operation op : history) {
            boolean wrote = op.required() && op.mayWrite() && op.key().equals(key);
            if (wrote && op.completeNanos() < time && (latest == null || op.completeNanos() > latest.completeNanos())) {
                latest = op;
            }
        }
        return latest;
    }
}
