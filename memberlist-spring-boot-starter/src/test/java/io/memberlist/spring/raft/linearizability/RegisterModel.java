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

    /**
     * Stands for every value that no call in the history reads back or expects. The register behaves the same
     * holding any of them, so the search may treat them as one state; {@link WglSearch} does so for values written
     * by unanswered calls, which otherwise multiply the states by every subset of those calls.
     */
    static final Object UNREAD = new Object() {
        @Override
        public String toString() {
            return "a value no call read (from an unanswered write)";
        }
    };

    private RegisterModel() {
    }

    /**
     * The state after {@code op} takes effect in {@code state}, or {@link #IMPOSSIBLE} when its recorded result
     * contradicts {@code state}. An indeterminate compare-and-set is only ever placed where it swaps: where it
     * would not, placing it is the same as leaving it out, which the search already does.
     *
     * @param written what the operation writes: its argument, or {@link #UNREAD} standing for it
     */
    static Object step(Object state, Operation op, Object written) {
        return switch (op.kind()) {
            case READ -> Objects.equals(op.returned(), state) ? state : IMPOSSIBLE;
            case WRITE -> written;
            case CAS -> {
                boolean matches = Objects.equals(op.expected(), state);
                if (op.outcome() == Operation.Outcome.INDETERMINATE) {
                    yield matches ? written : IMPOSSIBLE;
                }
                if (op.swapped()) {
                    yield matches ? written : IMPOSSIBLE;
                }
                yield matches ? IMPOSSIBLE : state;
            }
        };
    }
}
