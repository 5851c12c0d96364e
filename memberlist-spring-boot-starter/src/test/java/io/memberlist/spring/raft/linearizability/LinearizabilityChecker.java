package io.memberlist.spring.raft.linearizability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides whether a recorded history of register calls is linearizable, key by key (linearizability is
 * compositional, so a history over several registers is linearizable iff each register's part is).
 *
 * <p>For each key: definitely failed calls and unanswered reads are dropped (they changed and showed nothing),
 * then {@link WglSearch} decides.
 *
 * <p>On a failure the culprit is the operation at whose completion the search got furthest: the first
 * completion T at which the calls answered by T cannot all be ordered (calls still in flight at T may take part,
 * with the results they were later recorded with, or not). Everything answered before it fits some order; it
 * fits none. {@code BruteForceCrossCheckTest} checks this against exhaustive search.
 *
 * <p>The search is bounded by a step budget per key; a history it cannot decide within it is reported
 * {@link Verdict#UNKNOWN}, never passed.
 */
public final class LinearizabilityChecker {
    /** Enough for many thousands of operations from a handful of clients; each step is a few microseconds. */
    public static final long DEFAULT_BUDGET = 2_000_000;

    private final long budget;
    private final Long initialValue;

    /** Registers start unwritten ({@code null}); default budget. */
    public LinearizabilityChecker() {
        this(DEFAULT_BUDGET, null);
    }

    /**
     * @param budget       search steps allowed for one search of one key
     * @param initialValue what every register holds before the first write ({@code null}: unwritten)
     */
    public LinearizabilityChecker(long budget, Long initialValue) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be positive, was " + budget);
        }
        this.budget = budget;
        this.initialValue = initialValue;
    }

    public CheckResult check(History history) {
        return check(history.operations());
    }

    public CheckResult check(List<Operation> history) {
        Map<String, List<Operation>> byKey = new TreeMap<>();
        for (Operation op : history) {
            if (op.outcome() == Operation.Outcome.FAILED
                    || op.outcome() == Operation.Outcome.INDETERMINATE && op.kind() == Operation.Kind.READ) {
                continue;
            }
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        long origin = history.stream().mapToLong(Operation::invokeNanos).min().orElse(0);
        long steps = 0;
        CheckResult undecided = null;
        for (Map.Entry<String, List<Operation>> key : byKey.entrySet()) {
            CheckResult result = checkKey(key.getKey(), key.getValue(), origin);
            steps += result.steps();
            if (result.verdict() == Verdict.NOT_LINEARIZABLE) {
                return withSteps(result, steps);
            }
            if (result.verdict() == Verdict.UNKNOWN && undecided == null) {
                undecided = result;
            }
        }
        if (undecided != null) {
            return withSteps(undecided, steps);
        }
        long answered = history.stream().filter(Operation::required).count();
        return new CheckResult(Verdict.LINEARIZABLE, null, null, List.of(), String.format(
                "linearizable: %d operations on %d key(s) (%d answered, %d failed, %d without an answer)",
                history.size(), byKey.size(), answered,
                history.stream().filter(op -> op.outcome() == Operation.Outcome.FAILED).count(),
                history.size() - answered - history.stream()
                        .filter(op -> op.outcome() == Operation.Outcome.FAILED).count()), steps);
    }

    private CheckResult checkKey(String key, List<Operation> ops, long origin) {
        Explanation explain = new Explanation(ops, origin);
        WglSearch.Result whole = new WglSearch(ops).run(initialValue, budget);
        if (whole.verdict() == Verdict.UNKNOWN) {
            return new CheckResult(Verdict.UNKNOWN, key, null, List.of(), String.format(
                    "unknown: budget of %d search steps exhausted on key %s (%d operations); raise the budget or "
                            + "record fewer operations per key", budget, key, ops.size()), whole.steps());
        }
        if (whole.verdict() == Verdict.LINEARIZABLE) {
            return new CheckResult(Verdict.LINEARIZABLE, key, null, List.of(), "linearizable", whole.steps());
        }
        Operation culprit = whole.blockedAt();
        Long seen = culprit.kind() == Operation.Kind.READ ? culprit.returned() : culprit.expected();
        boolean sawSwap = culprit.kind() == Operation.Kind.READ || Boolean.TRUE.equals(culprit.swapped());
        String explanation = sawSwap && !writable(ops).contains(seen)
                ? explain.neverWritten(culprit, seen)
                : explain.contradiction(culprit, whole.statesThere());
        return new CheckResult(Verdict.NOT_LINEARIZABLE, key, culprit, explain.involved(culprit, whole.statesThere()),
                explanation, whole.steps());
    }

    /** The values the register can ever hold: the initial one and those of calls that may have written. */
    private Set<Long> writable(List<Operation> ops) {
        Set<Long> writable = new HashSet<>();
        writable.add(initialValue);
        ops.stream().filter(Operation::mayWrite).forEach(op -> writable.add(op.argument()));
        return writable;
    }

    private static CheckResult withSteps(CheckResult result, long steps) {
        return new CheckResult(result.verdict(), result.key(), result.culprit(), result.involved(),
                result.explanation(), steps);
    }

    @Override
    public String toString() {
        return "LinearizabilityChecker[budget=" + budget + ", initial=" + Objects.toString(initialValue) + "]";
    }
}
