package io.memberlist.spring.raft.linearizability;

import java.util.Objects;

/**
 * The sequential specification of one register: a read returns the current value; a write sets it; a
 * compare-and-set sets it to the new value if and only if the current value equals the expected one, and
 * reports whether it did. {@code null} stands for "never written".
 */
final class RegisterModel {
    /** Returned by {@link #step} when the operation cannot take effect in the given state. */
    static final Object IMPOSSIBLE = new Object();

    private RegisterModel() {
    }

    /**
     * The state after {@code op} takes effect in {@code state}, or {@link #IMPOSSIBLE} when its recorded result
     * contradicts {@code state}. An indeterminate compare-and-set is only ever placed where it swaps: where it
     * would not, placing it is the same as leaving it out, which the search already does.
     */
    static Object step(Long state, Operation op) {
        return switch (op.kind()) {
            case READ -> Objects.equals(op.returned(), state) ? state : IMPOSSIBLE;
            case WRITE -> op.argument();
            case CAS -> {
                boolean matches = Objects.equals(op.expected(), state);
                if (op.outcome() == Operation.Outcome.INDETERMINATE) {
                    yield matches ? op.argument() : IMPOSSIBLE;
                }
                if (op.swapped()) {
                    yield matches ? op.argument() : IMPOSSIBLE;
                }
                yield matches ? IMPOSSIBLE : state;
            }
        };
    }
}
