package io.memberlist.delegate;

import io.memberlist.Node;

import java.util.List;
import java.util.Optional;

/**
 * Vetoes a cluster merge during join (Go's {@code MergeDelegate}). A pure filter: it runs on the protocol
 * thread and MUST NOT block, do I/O or read the clock.
 */
@FunctionalInterface
public interface MergeDelegate {

    /** The reason to refuse merging these peers into the local view, or empty to accept them; throwing refuses. */
    Optional<String> notifyMerge(List<Node> peers);
}
