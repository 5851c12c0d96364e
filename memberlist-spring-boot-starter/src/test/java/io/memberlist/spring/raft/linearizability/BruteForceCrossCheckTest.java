package io.memberlist.spring.raft.linearizability;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker against the definition itself: on 2,500 small random histories (linearizable or not,
 * with unanswered and failed calls) its verdict must equal that of a brute-force search over every
 * real-time-respecting order of every allowed subset (this guards the search's pruning), and its culprit must
 * complete exactly at the first completion T where the calls answered by T cannot all be ordered, calls still in
 * flight at T taking part or not with their recorded results (this guards the explanation's claim).
 */
class BruteForceCrossCheckTest {

    @Test
    void agreesWithBruteForce_onRandomSmallHistories() {
        Random random = new Random(2026);
        int linearizable = 0;
        for (int i = 0; i < 2500; i++) {
            List<Operation> history = randomHistory(random, 3 + random.nextInt(4));
            boolean expected = bruteForce(history, Long.MAX_VALUE - 1);
            CheckResult result = new LinearizabilityChecker().check(history);
            assertThat(result.linearizable()).as("history %d: %s%n%s", i, history, result).isEqualTo(expected);
            linearizable += expected ? 1 : 0;
            if (!expected) {
                assertThat(result.culprit().completeNanos()).as("history %d: %s%n%s", i, history, result)
                        .isEqualTo(firstFailingCompletion(history));
            }
        }
        assertThat(linearizable).as("both verdicts well represented").isBetween(250, 2250);
    }

    /**
     * The earliest completion time T at which the calls answered by T cannot all be ordered, by brute force: calls
     * invoked by T take part with their recorded results, those answered later may be placed or left out.
     */
    private static long firstFailingCompletion(List<Operation> history) {
        return history.stream().filter(Operation::required).mapToLong(Operation::completeNanos).sorted()
                .filter(cutoff -> !bruteForce(history, cutoff)).findFirst()
                .orElseThrow(() -> new AssertionError("no failing prefix of a failing history"));
    }

    /** Values from a tiny domain so reads and CAS often match; results random, so many histories are wrong. */
    private static List<Operation> randomHistory(Random random, int size) {
        List<Operation> ops = new ArrayList<>();
        for (int id = 0; id < size; id++) {
            long invoke = random.nextInt(20);
            long complete = invoke + random.nextInt(8);
            Operation.Outcome outcome = random.nextInt(5) == 0
                    ? (random.nextBoolean() ? Operation.Outcome.INDETERMINATE : Operation.Outcome.FAILED)
                    : Operation.Outcome.OK;
            boolean ok = outcome == Operation.Outcome.OK;
            Operation.Kind kind = Operation.Kind.values()[random.nextInt(3)];
            Long argument = kind == Operation.Kind.READ ? null : (long) (1 + random.nextInt(3));
            Long expected = kind == Operation.Kind.CAS ? value(random) : null;
            Long returned = ok && kind == Operation.Kind.READ ? value(random) : null;
            Boolean swapped = ok && kind == Operation.Kind.CAS ? random.nextBoolean() : null;
            ops.add(new Operation(id, id % 3, "k", kind, argument, expected, returned, swapped, invoke,
                    ok ? complete : Operation.NEVER, outcome));
        }
        return ops;
    }

    private static Long value(Random random) {
        int v = random.nextInt(4);
        return v == 0 ? null : (long) v;
    }

    /** Whether the calls answered by {@code cutoff} fit some order; later ones may join it, with their results. */
    private static boolean bruteForce(List<Operation> history, long cutoff) {
        List<Operation> candidates = history.stream()
                .filter(op -> op.outcome() != Operation.Outcome.FAILED && op.invokeNanos() <= cutoff).toList();
        return search(new ArrayList<>(candidates), null, cutoff);
    }

    /** Place any op that no other remaining op must precede, or drop an optional one; done when none required remain. */
    private static boolean search(List<Operation> remaining, Long state, long cutoff) {
        if (remaining.stream().noneMatch(op -> required(op, cutoff))) {
            return true;
        }
        for (int i = 0; i < remaining.size(); i++) {
            Operation op = remaining.get(i);
            List<Operation> rest = new ArrayList<>(remaining);
            rest.remove(i);
            if (!required(op, cutoff) && search(rest, state, cutoff)) {
                return true;
            }
            boolean minimal = remaining.stream().noneMatch(other -> other.completeNanos() < op.invokeNanos());
            Object after = minimal ? apply(state, op) : RegisterModel.IMPOSSIBLE;
            if (after != RegisterModel.IMPOSSIBLE && search(rest, (Long) after, cutoff)) {
                return true;
            }
        }
        return false;
    }

    private static boolean required(Operation op, long cutoff) {
        return op.required() && op.completeNanos() <= cutoff;
    }

    /** The register's specification, written out again independently of {@link RegisterModel}. */
    private static Object apply(Long state, Operation op) {
        boolean matches = java.util.Objects.equals(op.expected(), state);
        return switch (op.kind()) {
            case READ -> java.util.Objects.equals(op.returned(), state) ? state : RegisterModel.IMPOSSIBLE;
            case WRITE -> op.argument();
            case CAS -> !op.required() || op.swapped()
                    ? (matches ? op.argument() : op.required() ? RegisterModel.IMPOSSIBLE : state)
                    : (matches ? RegisterModel.IMPOSSIBLE : state);
        };
    }
}
