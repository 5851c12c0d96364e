package io.memberlist;

/** A memberlist operation failed: a join reached no seed, a wait timed out, a node was unreachable. */
public class MemberlistException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MemberlistException(String message) {
        super(message);
    }

    public MemberlistException(String message, Throwable cause) {
        super(message, cause);
    }
}
