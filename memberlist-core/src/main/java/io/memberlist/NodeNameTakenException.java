package io.memberlist;

/**
 * A join was refused because the cluster already has a live member with this node's name at another
 * address. Retrying cannot help while that member holds the name: give every node its own name.
 */
public class NodeNameTakenException extends MemberlistException {
    private static final long serialVersionUID = 1L;

    public NodeNameTakenException(String message) {
        super(message);
    }
}
