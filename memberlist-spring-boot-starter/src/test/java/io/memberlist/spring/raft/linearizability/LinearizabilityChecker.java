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
 * <p>For each key: definitely failed calls and unanswered reads are dropped (they changed and showed nothing);
 * a completed read of a value no call could have written fails at once; otherwise {@link WglSearch} decides. On
 * a failure the culprit is narrowed down by bisecting over completion times to the first completion after which
 * the history stops being linearizable (a truncated linearizable history stays linearizable, so this is sound),
 * and the explanation describes that operation.
 *
 * <p>The search is bounded by a step budget per search; a history it cannot decide within it is reported
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
        Operation impossible = firstOfNeverWrittenValue(ops);
        if (impossible != null) {
            Long value = impossible.kind() == Operation.Kind.READ ? impossible.returned() : impossible.expected();
            return new CheckResult(Verdict.NOT_LINEARIZABLE, key, impossible,
                    explain.involved(impossible, Set.of()), explain.neverWritten(impossible, value), 0);
        }
        WglSearch.Result whole = new WglSearch(ops).run(initialValue, budget);
        if (whole.verdict() == Verdict.UNKNOWN) {
            return new CheckResult(Verdict.UNKNOWN, key, null, List.of(), String.format(
                    "unknown: budget of %d search steps exhausted on key %s (%d operations); raise the budget or "
                            + "record fewer operations per key", budget, key, ops.size()), whole.steps());
        }
        if (whole.verdict() == Verdict.LINEARIZABLE) {
            return new CheckResult(Verdict.LINEARIZABLE, key, null, List.of(), "linearizable", whole.steps());
        }
        long[] spent = {whole.steps()};
        WglSearch.Result narrowest = narrowDown(ops, whole, spent);
        Operation culprit = narrowest.blockedAt();
        return new CheckResult(Verdict.NOT_LINEARIZABLE, key, culprit,
                explain.involved(culprit, narrowest.statesThere()),
                explain.contradiction(culprit, narrowest.statesThere()), spent[0]);
    }

    /**
     * Bisects over the completion times of the answered operations for the shortest failing prefix. Gives up
     * (keeping the best failure found) if a probe runs out of budget, as the bisection then has no sound answer.
     */
    private WglSearch.Result narrowDown(List<Operation> ops, WglSearch.Result whole, long[] spent) {
        long[] completions = ops.stream().filter(Operation::required).mapToLong(Operation::completeNanos)
                .sorted().distinct().toArray();
        int low = 0;
        int high = completions.length - 1;
        WglSearch.Result failing = whole;
        while (low < high) {
            int mid = (low + high) >>> 1;
            WglSearch.Result probe = new WglSearch(prefix(ops, completions[mid])).run(initialValue, budget);
            spent[0] += probe.steps();
            if (probe.verdict() == Verdict.UNKNOWN) {
                return failing;
            }
            if (probe.verdict() == Verdict.NOT_LINEARIZABLE) {
                failing = probe;
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return failing;
    }

    /** The history as it stood at {@code cutoff}: calls made by then, those not yet answered as indeterminate. */
    static List<Operation> prefix(List<Operation> ops, long cutoff) {
        List<Operation> prefix = new ArrayList<>();
        for (Operation op : ops) {
            if (op.invokeNanos() > cutoff) {
                continue;
            }
            if (op.completeNanos() <= cutoff) {
                prefix.add(op);
            } else if (op.kind() != Operation.Kind.READ) {
                prefix.add(op.withOutcomeUnknown());
            }
        }
        return prefix;
    }

    /** The earliest-completing answered read or successful CAS that saw a value nothing could have written. */
    private Operation firstOfNeverWrittenValue(List<Operation> ops) {
        Set<Long> writable = new HashSet<>();
        writable.add(initialValue);
        ops.stream().filter(Operation::mayWrite).forEach(op -> writable.add(op.argument()));
        Operation first = null;
        for (Operation op : ops) {
            Long seen = op.kind() == Operation.Kind.READ ? op.returned()
                    : op.kind() == Operation.Kind.CAS && Boolean.TRUE.equals(op.swapped()) ? op.expected() : null;
            boolean impossible = op.required() && op.kind() != Operation.Kind.WRITE
                    && (op.kind() == Operation.Kind.READ || Boolean.TRUE.equals(op.swapped()))
                    && !writable.contains(seen);
            if (impossible && (first == null || op.completeNanos() < first.completeNanos())) {
                first = op;
            }
        }
        return first;
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
