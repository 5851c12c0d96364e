package io.memberlist.spring.raft.linearizability;

import java.util.List;

/**
 * The outcome of a check.
 *
 * @param key         the register the verdict is about (the first one that failed or could not be decided);
 *                    {@code null} when linearizable
 * @param culprit     when not linearizable: the first operation whose answer no order can accommodate; every
 *                    call answered before it fits some order (calls then in flight taking part, with the results
 *                    later recorded for them, or not)
 * @param involved    the culprit, the writes that could have set the values involved, and the operations
 *                    overlapping the culprit; empty unless not linearizable
 * @param explanation a paragraph for a person: what was observed, why no order allows it, who was involved
 * @param steps       search steps spent, over all keys and the minimisation
 */
public record CheckResult(Verdict verdict, String key, Operation culprit, List<Operation> involved,
                          String explanation, long steps) {

    public boolean linearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    /**
     * Fails the calling test unless the history was found linearizable; an undecided check fails as well, with
     * its own message, since a test that passes without having checked proves nothing.
     */
    public CheckResult assertLinearizable() {
        if (verdict != Verdict.LINEARIZABLE) {
            throw new AssertionError(explanation);
        }
        return this;
    }

    @Override
    public String toString() {
        return verdict + ": " + explanation;
    }
}
