package io.memberlist.bench;

import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.delegate.EventDelegate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who was told that whom left or died, and when, recorded by each node's {@link EventDelegate} as an application
 * would see it: subject name → observer name → {@code System.nanoTime()} of the first notification.
 */
final class Departures {
    final Map<String, Map<String, Long>> left = new ConcurrentHashMap<>();
    final Map<String, Map<String, Long>> dead = new ConcurrentHashMap<>();

    /** The event delegate for the node named {@code self}. */
    EventDelegate observer(String self) {
        return new EventDelegate() {
            @Override
            public void notifyLeave(Node node) {
                long at = System.nanoTime();
                Map<String, Map<String, Long>> to = node.state() == NodeState.LEFT ? left : dead;
                to.computeIfAbsent(node.name(), k -> new ConcurrentHashMap<>()).putIfAbsent(self, at);
            }
        };
    }
}
