package io.memberlist.spring.raft;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A state machine replicated by the raft group: the plain Java type a user implements (as a Spring bean) to
 * get agreed state. Several machines share one group; each is addressed by its {@link #name()}.
 *
 * <p>The group calls this from one thread at a time, in log order, on every server. {@link #apply} must be
 * deterministic: its result and its effect on the state may depend only on the state and the {@link Commit}
 * (its payload, index and {@linkplain Commit#time() time}), never on a local clock, randomness or I/O; otherwise
 * the servers' copies diverge silently.
 */
public interface ReplicatedStateMachine {

    /** Unique within the group, stable across versions of the application (it is written to the log). */
    String name();

    /**
     * Applies a command that a majority has accepted. Called on every server in log order, exactly once per
     * entry on each copy of the state (a restarted server re-applies from its last snapshot).
     *
     * @return the result the caller receives (may be empty, never null)
     */
    byte[] apply(Commit commit);

    /**
     * Answers a query from the applied state, without changing it. The group reports with the answer the log
     * index it reflects.
     *
     * @return the answer (may be empty, never null)
     */
    byte[] query(byte[] query);

    /** Writes the whole state, as of the last applied command, for a snapshot. */
    void writeSnapshot(OutputStream out) throws IOException;

    /** Replaces the whole state by one written by {@link #writeSnapshot} (possibly on another server). */
    void readSnapshot(InputStream in) throws IOException;
}
