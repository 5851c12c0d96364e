package io.memberlist.spring.raft.linearizability;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker against the definition itself: on thousands of small random histories (linearizable or not,
 * with unanswered and failed calls) its verdict must equal that of a brute-force search over every
 * real-time-respecting order of every allowed subset. This is what guards the search's pruning.
 */
class BruteForceCrossCheckTest {

    @Test
    void agreesWithBruteForce_onRandomSmallHistories() {
        Random random = new Random(2026);
        int linearizable = 0;
        for (int i = 0; i < 4000; i++) {
            List<Operation> history = randomHistory(random, 3 + random.nextInt(5));
            boolean expected = bruteForce(history);
            CheckResult result = new LinearizabilityChecker().check(history);
            assertThat(result.linearizable()).as("history %d: %s%n%s", i, history, result).isEqualTo(expected);
            linearizable += expected ? 1 : 0;
        }
        assertThat(linearizable).as("both verdicts well represented").isBetween(800, 3200);
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

    private static boolean bruteForce(List<Operation> history) {
        List<Operation> candidates = history.stream().filter(op -> op.outcome() != Operation.Outcome.FAILED).toList();
        return search(new ArrayList<>(candidates), null);
    }

    /** Place any op that no other remaining op must precede, or drop an unanswered one; succeed when none required remain. */
    private static boolean search(List<Operation> remaining, Long state) {
        if (remaining.stream().noneMatch(Operation::required)) {
            return true;
        }
        for (int i = 0; i < remaining.size(); i++) {
            Operation op = remaining.get(i);
            List<Operation> rest = new ArrayList<>(remaining);
            rest.remove(i);
            if (!op.required() && search(rest, state)) {
                return true;
            }
            boolean minimal = remaining.stream().noneMatch(other -> other.completeNanos() < op.invokeNanos());
            Object after = minimal ? apply(state, op) : RegisterModel.IMPOSSIBLE;
            if (after != RegisterModel.IMPOSSIBLE && search(rest, (Long) after)) {
                return true;
            }
        }
        return false;
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
