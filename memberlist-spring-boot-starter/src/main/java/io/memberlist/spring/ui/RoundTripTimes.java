package io.memberlist.spring.ui;

import io.memberlist.Config;
import io.memberlist.Node;
import io.memberlist.delegate.PingDelegate;
import io.memberlist.spring.autoconfigure.MemberlistConfigCustomizer;
import org.springframework.core.Ordered;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last round trip time of a direct probe this node measured to each member (Go's
 * {@code PingDelegate.NotifyPingComplete}), chained in front of any ping delegate the application set, which
 * keeps receiving every call. Installs itself as a {@link MemberlistConfigCustomizer} ordered last, so it sees
 * the ping delegate the application's customizers set.
 */
final class RoundTripTimes implements PingDelegate, MemberlistConfigCustomizer, Ordered {
    private final Map<String, Long> lastNanos = new ConcurrentHashMap<>();
    private volatile PingDelegate next;

    @Override
    public void customize(Config.Builder builder) {
        chainTo(builder.ping());
        builder.ping(this);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Passes every call on to {@code delegate} too (the one the application configured, or null). */
    void chainTo(PingDelegate delegate) {
        if (delegate == this) {
            throw new IllegalArgumentException("cannot chain the round trip times to themselves");
        }
        this.next = delegate;
    }

    @Override
    public byte[] ackPayload() {
        PingDelegate n = next;
        return n == null ? new byte[0] : n.ackPayload();
    }

    @Override
    public void notifyPingComplete(Node node, Duration rtt, byte[] payload) {
        lastNanos.put(node.name(), rtt.toNanos());
        PingDelegate n = next;
        if (n != null) {
            n.notifyPingComplete(node, rtt, payload);
        }
    }

    /** The last RTT to {@code name} in milliseconds, or null when none was measured yet. */
    Double lastMillis(String name) {
        Long nanos = lastNanos.get(name);
        return nanos == null ? null : nanos / 1_000_000.0;
    }

    /** Forgets members that are no longer shown, so the map stays as large as the view. */
    void retainOnly(Collection<String> names) {
        lastNanos.keySet().retainAll(names);
    }
}
