package io.memberlist.spring.raft.linearizability;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a check of a raft-test-sized history takes: 2,000 calls from 5 clients on one key (the hardest case,
 * nothing to split by key) and on 4 keys, 2% of calls each lost after applying, lost before applying, or
 * refused. The histories are seeded ({@link SyntheticHistories}), so figures compare across runs and changes.
 * Prints the median of 5 checks; asserts only the verdict, never a time.
 */
class CheckerSpeedTest {
    private static final int RUNS = 5;

    @Test
    void twoThousandCallsFromFiveClients() {
        for (int keys : new int[] {1, 4}) {
            List<Operation> history = new SyntheticHistories(11, keys, 0.02).generate(5, 2000, 10);
            List<Long> millis = new ArrayList<>();
            CheckResult result = null;
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                result = new LinearizabilityChecker().check(history);
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
            System.out.printf(Locale.ROOT, "lincheck: %d calls, 5 clients, %d key(s): median %d ms of %s ms, %d steps%n",
                    history.size(), keys, millis.stream().sorted().toList().get(RUNS / 2), millis, result.steps());
        }
    }
}
