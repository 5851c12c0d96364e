package io.memberlist.spring.raft.builtin;

/**
 * A built-in state machine refused a command or query (it was malformed, of another format version, or over a
 * limit). Its state is unchanged. Usually a version mismatch between this client and the servers, or a key or
 * value larger than the built-in allows.
 */
public class RejectedCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RejectedCommandException(String machine, String reason) {
        super("raft state machine '" + machine + "' rejected the request: " + reason);
    }
}
