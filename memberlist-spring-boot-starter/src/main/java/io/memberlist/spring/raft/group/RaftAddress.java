package io.memberlist.spring.raft.group;

import io.memberlist.Node;
import io.memberlist.spring.discovery.InstanceMeta;

import java.util.Optional;

/**
 * The raft server address a member advertises in its node meta: the user-metadata entry {@value #META_KEY}
 * of its {@link InstanceMeta}, {@code host:port}. About 25 bytes of memberlist's 512.
 */
public final class RaftAddress {
    /** Metadata key of the raft address. */
    public static final String META_KEY = "raft";

    private RaftAddress() {
    }

    /** {@code host:port}, with brackets around an IPv6 host. */
    public static String format(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The raft address {@code node} advertises; empty for a member without raft or with meta of another format. */
    public static Optional<String> of(Node node) {
        return InstanceMeta.decode(node.meta()).map(m -> m.metadata().get(META_KEY))
                .filter(a -> !a.isBlank());
    }
}
