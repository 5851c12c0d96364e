package io.memberlist.delegate;

import io.memberlist.Node;

/** Told when a node claims an existing member's name from another address; the claim is dropped. */
public interface ConflictDelegate {

    void notifyConflict(Node existing, Node other);
}
