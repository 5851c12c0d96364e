package io.memberlist.transport;

/**
 * Inbound bytes that are not taken: the packet or stream is dropped and counted under {@link #reason()},
 * never thrown at the protocol.
 */
public final class Dropped extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, as the counters name it. */
    public enum Reason {
        /** The cluster label is not ours. */
        LABEL,
        /** No installed key decrypts it, or it should have been encrypted and was not. */
        DECRYPT,
        /** It is not a well-formed memberlist message. */
        MALFORMED,
        /** Its message type is one memberlist does not know (or not one this plane carries). */
        UNKNOWN_TYPE,
        /** It announces or sends more than the limits allow. */
        TOO_LARGE,
        /** A stream that went silent, trickled, or outlived the TCP timeout before its request was complete. */
        TIMEOUT,
        /** A bound was reached (connections, push/pulls in progress, bytes buffered): shed, not queued. */
        OVERLOAD;

        /** The name counters and metrics use: {@code unknown_type}, {@code too_large}, … */
        public String counterName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public Dropped(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
