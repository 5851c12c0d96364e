package io.memberlist.spring.raft.linearizability;

import java.util.Locale;
import java.util.Objects;

/**
 * One client call on one register, as a client saw it: what it asked, when it asked ({@link System#nanoTime()}
 * just before sending), when it heard back (just after), and what it heard.
 *
 * @param id           position in the recording order; unique within a {@link History}
 * @param client       who called (operations of one client need not be sequential: a timed-out call may still
 *                     be in flight when the same client calls again)
 * @param key          the register; histories over several keys are checked key by key
 * @param argument     the value a write writes, or the new value of a compare-and-set; {@code null} for a read
 * @param expected     the value a compare-and-set expects ({@code null}: expects the register unwritten)
 * @param returned     what a completed read returned ({@code null}: the register was unwritten)
 * @param swapped      whether a completed compare-and-set reported it swapped
 * @param completeNanos {@link Long#MAX_VALUE} when the outcome is not {@link Outcome#OK}
 */
public record Operation(int id, int client, String key, Kind kind, Long argument, Long expected, Long returned,
                        Boolean swapped, long invokeNanos, long completeNanos, Outcome outcome) {

    /** A pending or unanswered call never constrains what comes after it: it may take effect at any later time. */
    public static final long NEVER = Long.MAX_VALUE;

    public enum Kind { READ, WRITE, CAS }

    public enum Outcome {
        /** Completed, and the client saw the result. */
        OK,
        /**
         * Definitely did not take effect, and never will (for example refused by a server that did not append
         * it). When in doubt use {@link #INDETERMINATE}: a call wrongly marked failed can make a correct
         * history look non-linearizable; a call wrongly marked indeterminate only costs search time.
         */
        FAILED,
        /** Timed out or the reply was lost: it may have taken effect at any point after its invocation, or never. */
        INDETERMINATE
    }

    public Operation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        if (kind != Kind.READ && argument == null) {
            throw new IllegalArgumentException(kind + " needs the value it writes");
        }
        if (outcome == Outcome.OK && kind == Kind.CAS && swapped == null) {
            throw new IllegalArgumentException("a completed CAS needs its result");
        }
        if (outcome != Outcome.OK && completeNanos != NEVER) {
            throw new IllegalArgumentException(outcome + " operations have no completion time");
        }
        if (outcome == Outcome.OK && completeNanos < invokeNanos) {
            throw new IllegalArgumentException("completed before it was invoked: " + invokeNanos + " > " + completeNanos);
        }
    }

    /** Whether a linearization must contain it: only operations whose outcome the client saw are required. */
    boolean required() {
        return outcome == Outcome.OK;
    }

    /** Whether it could have changed the register: reads never do, nor does anything that definitely failed. */
    boolean mayWrite() {
        return kind != Kind.READ && outcome != Outcome.FAILED && !(outcome == Outcome.OK && Boolean.FALSE.equals(swapped));
    }

    /** What was asked: {@code read}, {@code write(7)}, {@code cas(5, 6)}. */
    public String call() {
        return switch (kind) {
            case READ -> "read";
            case WRITE -> "write(" + argument + ")";
            case CAS -> "cas(" + expected + ", " + argument + ")";
        };
    }

    /** What was asked and answered: {@code read -> 5}, {@code write(7) ok}, {@code cas(5, 6) -> true}. */
    public String describe() {
        String result = switch (outcome) {
            case FAILED -> " failed";
            case INDETERMINATE -> " (no answer)";
            case OK -> switch (kind) {
                case READ -> " -> " + returned;
                case WRITE -> " ok";
                case CAS -> " -> " + swapped;
            };
        };
        return call() + result;
    }

    /** The call, who made it and when, relative to {@code originNanos} in milliseconds. */
    public String describe(long originNanos) {
        String end = completeNanos == NEVER ? "?" : millis(completeNanos - originNanos);
        return String.format(Locale.ROOT, "#%d client %d %s on %s at [%s, %s] ms", id, client, describe(), key,
                millis(invokeNanos - originNanos), end);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
