package io.memberlist.spring.raft.linearizability;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns a failed search into words a person can act on, and picks the operations worth looking at. */
final class Explanation {
    private static final int WRITERS_SHOWN = 3;
    private static final int OVERLAPPING_SHOWN = 8;

    private final List<Operation> ops;
    private final long origin;

    /** @param ops the operations on the culprit's register; times are shown relative to {@code origin} */
    Explanation(List<Operation> ops, long origin) {
        this.ops = ops;
        this.origin = origin;
    }

    /** A completed read or successful CAS saw {@code value}, which no operation on the register could have written. */
    String neverWritten(Operation culprit, Long value) {
        String what = culprit.kind() == Operation.Kind.READ ? "returned " + value : "swapped against " + value;
        return String.format(Locale.ROOT, "key %s: %s by client %d at %s %s, a value no operation on %s wrote "
                        + "(nor the initial value): the value came from elsewhere or from a write recorded as failed "
                        + "that did take effect.%n%s",
                culprit.key(), culprit.call(), culprit.client(), interval(culprit), what, culprit.key(),
                listing(involved(culprit, Set.of())));
    }

    /** The culprit's result contradicts every state the register could be in when it had to take effect. */
    String contradiction(Operation culprit, Set<Object> states) {
        String expectation = switch (culprit.kind()) {
            case READ -> "returned " + culprit.returned();
            case CAS -> Boolean.TRUE.equals(culprit.swapped())
                    ? "swapped, so the register held " + culprit.expected()
                    : "did not swap, so the register did not hold " + culprit.expected();
            case WRITE -> "completed";
        };
        return String.format(Locale.ROOT, "key %s: %s by client %d at %s %s, but no order of the operations that "
                        + "respects real time lets it take effect within its interval: by its completion every such "
                        + "order leaves %s.%s%nEvery call answered before it fits "
                        + "some order (calls then in flight taking part or not); with it, none does. Involved:%n%s",
                culprit.key(), culprit.call(), culprit.client(), interval(culprit), expectation,
                holding(states), lastWrites(states), listing(involved(culprit, states)));
    }

    private static String holding(Set<Object> states) {
        if (states.isEmpty()) {
            return "no state in which it can take effect";
        }
        if (states.size() == 1) {
            return "the register holding " + states.iterator().next();
        }
        return "the register holding one of " + states;
    }

    private String lastWrites(Set<Object> states) {
        StringBuilder text = new StringBuilder();
        for (Object state : states) {
            List<Operation> writers = writersOf(state);
            text.append(System.lineSeparator()).append("  ").append(state);
            if (state == RegisterModel.UNREAD) {
                continue;
            }
            text.append(writers.isEmpty()
                    ? " is the initial value (no write of it)"
                    : " was written by " + writers.stream().limit(WRITERS_SHOWN)
                    .map(op -> op.describe(origin)).collect(Collectors.joining("; ")));
        }
        return text.toString();
    }

    /** The culprit, the writers of the values it saw or expected and of the possible states, and its overlaps. */
    List<Operation> involved(Operation culprit, Set<Object> states) {
        Set<Operation> involved = new LinkedHashSet<>();
        involved.add(culprit);
        Long seen = culprit.kind() == Operation.Kind.READ ? culprit.returned() : culprit.expected();
        writersOf(seen).stream().limit(WRITERS_SHOWN).forEach(involved::add);
        for (Object state : states) {
            writersOf(state).stream().limit(WRITERS_SHOWN).forEach(involved::add);
        }
        ops.stream().filter(op -> op != culprit && overlaps(op, culprit)).limit(OVERLAPPING_SHOWN)
                .forEach(involved::add);
        List<Operation> sorted = new ArrayList<>(involved);
        sorted.sort((a, b) -> Long.compare(a.invokeNanos(), b.invokeNanos()));
        return sorted;
    }

    private List<Operation> writersOf(Object value) {
        if (!(value instanceof Long)) {
            return List.of();
        }
        return ops.stream().filter(op -> op.mayWrite() && Objects.equals(op.argument(), value)).toList();
    }

    private static boolean overlaps(Operation a, Operation b) {
        return a.invokeNanos() < b.completeNanos() && b.invokeNanos() < a.completeNanos();
    }

    private String listing(List<Operation> involved) {
        return involved.stream().map(op -> "  " + op.describe(origin)).collect(Collectors.joining(System.lineSeparator()));
    }

    private String interval(Operation op) {
        String described = op.describe(origin);
        return described.substring(described.lastIndexOf(" at ") + 4);
    }
}
