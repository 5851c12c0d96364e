package io.memberlist.spring.raft.statemachine;

/**
 * Why a command or query of the raft group failed, in words meant for the person reading the log: which
 * machine, what happened (no leader in time, unknown machine, the machine threw and its message).
 */
public class RaftOperationException extends RuntimeException {

    public RaftOperationException(String message) {
        super(message);
    }

    public RaftOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
