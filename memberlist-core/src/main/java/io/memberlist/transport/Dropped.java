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
        /** It announces more than the limits allow. */
        TOO_LARGE
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
