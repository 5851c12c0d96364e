package io.memberlist.spring.raft;

/**
 * A command as the state machine sees it when it is applied: the same on every server.
 *
 * <p>{@link #publish} emits a notification for subscribers of this machine; only the leader delivers it, but
 * every server must publish the same notifications (publishing is part of the deterministic apply).
 */
public interface Commit {

    /** The raft log index of this command. */
    long index();

    /**
     * The proposer's wall-clock time in milliseconds since the epoch, recorded in the log entry, so every server
     * sees the same value. Use it for leases and expiry, never a local clock.
     */
    long time();

    /** The command as the client sent it. */
    byte[] payload();

    /**
     * Publishes a notification of {@code event} for {@code key} (may be null when the event has no key) to the
     * subscribers of this machine.
     */
    void publish(String event, String key, byte[] payload);
}
