package io.memberlist.spring.raft.builtin;

/**
 * What the {@link LockMachine} answered.
 *
 * @param outcome         what happened
 * @param holder          who holds the lock now (after the command), or null when nobody does
 * @param token           the holder's fencing token (the log index of its grant), 0 when nobody holds it
 * @param expiresAtMillis when the holder's lease ends, in the commits' clock (ms since the epoch), 0 when free
 */
public record LockReply(Outcome outcome, String holder, long token, long expiresAtMillis) {

    /** WARNING: only append; the codes are written to the raft log. */
    public enum Outcome {
        /** The caller holds the lock (a new grant, or its own grant extended). */
        GRANTED(0),
        /** Another owner holds an unexpired lease. */
        HELD(1),
        /** The caller's lease was extended. */
        RENEWED(2),
        /** The caller's grant ended. */
        RELEASED(3),
        /** The caller does not hold the lock (any more): its lease expired or another grant replaced it. */
        NOT_HOLDER(4),
        /** Nobody holds the lock (a query's answer). */
        FREE(5);

        private final int code;

        Outcome(int code) {
            this.code = code;
        }

        int code() {
            return code;
        }

        static Outcome of(long code) {
            for (Outcome outcome : values()) {
                if (outcome.code == code) {
                    return outcome;
                }
            }
            throw new MalformedPayloadException("unknown lock outcome " + code);
        }
    }
}
