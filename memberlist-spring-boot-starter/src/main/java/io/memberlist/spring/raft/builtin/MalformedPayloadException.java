package io.memberlist.spring.raft.builtin;

/**
 * A built-in command, query or reply that cannot be read: truncated, of another format version, an unknown
 * opcode, a field of the wrong type or over a limit. The machines turn it into a rejected reply and leave their
 * state unchanged; the facades let it complete their future exceptionally.
 */
public class MalformedPayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedPayloadException(String message) {
        super(message);
    }

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
