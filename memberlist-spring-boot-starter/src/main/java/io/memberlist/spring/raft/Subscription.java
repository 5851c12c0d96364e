package io.memberlist.spring.raft;

/** A live subscription; closing it stops the notifications. */
public interface Subscription extends AutoCloseable {

    /** Stops delivering notifications to this subscription's listener. Idempotent. */
    @Override
    void close();
}
