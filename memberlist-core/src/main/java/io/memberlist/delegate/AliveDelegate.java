package io.memberlist.delegate;

import io.memberlist.Node;

import java.util.Optional;

/**
 * Filters every alive message before it is applied (Go's {@code AliveDelegate}), e.g. to keep nodes of
 * another cluster out. A pure filter: it runs on the protocol thread and MUST NOT block, do I/O or read
 * the clock.
 */
@FunctionalInterface
public interface AliveDelegate {

    /** The reason to ignore this alive message, or empty to accept it; throwing ignores it (and is counted). */
    Optional<String> notifyAlive(Node peer);
}
