package io.memberlist.spring.autoconfigure;

import java.util.List;

/**
 * Where to find the cluster: asked at startup, at every join retry and at every rejoin, so the answer may
 * change over time (pods come and go). Declare a bean of this type to replace the default, which is
 * {@code memberlist.join.seeds}, or a headless Service on Kubernetes when that list is empty.
 */
@FunctionalInterface
public interface SeedProvider {

    /**
     * Seeds as {@code host:port}, {@code [v6]:port} or {@code host} (port 7946); a DNS name may resolve
     * to several members. Empty: start alone. Must not block for long; called off the network thread.
     */
    List<String> seeds();
}
