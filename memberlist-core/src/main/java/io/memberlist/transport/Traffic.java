package io.memberlist.transport;

import io.memberlist.wire.Message;
import io.memberlist.wire.MessageType;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic counters of one node's transport, written on the event loop, read from anywhere. Every input
 * dropped is counted once through {@link #dropped(Dropped.Reason)}: by its reason, and in one of the four
 * coarse totals the metrics have always had.
 */
public final class Traffic {
    public final LongAdder packetsSent = new LongAdder();
    public final LongAdder packetBytesSent = new LongAdder();
    public final LongAdder packetsReceived = new LongAdder();
    public final LongAdder packetBytesReceived = new LongAdder();
    public final LongAdder streamsOpened = new LongAdder();
    public final LongAdder streamsAccepted = new LongAdder();
    public final LongAdder streamBytesSent = new LongAdder();
    public final LongAdder streamBytesReceived = new LongAdder();
    /** Streams this node opened that the peer closed without a reply (a refused join, say). */
    public final LongAdder streamsUnanswered = new LongAdder();
    public final LongAdder droppedMalformed = new LongAdder();
    public final LongAdder droppedLabel = new LongAdder();
    public final LongAdder droppedDecrypt = new LongAdder();
    public final LongAdder droppedOverload = new LongAdder();
    private final Map<Dropped.Reason, LongAdder> droppedByReason = new EnumMap<>(Dropped.Reason.class);
    private final Map<MessageType, LongAdder> sent = new EnumMap<>(MessageType.class);
    private final Map<MessageType, LongAdder> received = new EnumMap<>(MessageType.class);

    public Traffic() {
        for (MessageType t : MessageType.values()) {
            sent.put(t, new LongAdder());
            received.put(t, new LongAdder());
        }
        for (Dropped.Reason r : Dropped.Reason.values()) {
            droppedByReason.put(r, new LongAdder());
        }
    }

    public void sent(Message m) {
        sent.get(m.type()).increment();
    }

    public void received(Message m) {
        received.get(m.type()).increment();
    }

    /** One input dropped for {@code reason}. */
    public void dropped(Dropped.Reason reason) {
        droppedByReason.get(reason).increment();
        switch (reason) {
            case LABEL -> droppedLabel.increment();
            case DECRYPT -> droppedDecrypt.increment();
            case MALFORMED, UNKNOWN_TYPE, TOO_LARGE -> droppedMalformed.increment();
            case TIMEOUT, OVERLOAD -> droppedOverload.increment();
        }
    }

    /** Dropped inputs by {@link Dropped.Reason#counterName()}, every reason present (zero or not). */
    public Map<String, Long> droppedByReason() {
        Map<String, Long> out = new TreeMap<>();
        droppedByReason.forEach((r, c) -> out.put(r.counterName(), c.sum()));
        return Collections.unmodifiableMap(out);
    }

    /** Non-zero counts by lower-case type name ({@code ping}, {@code push_pull}, …). */
    public Map<String, Long> sentByType() {
        return snapshot(sent);
    }

    public Map<String, Long> receivedByType() {
        return snapshot(received);
    }

    private static Map<String, Long> snapshot(Map<MessageType, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((t, c) -> {
            long v = c.sum();
            if (v > 0) {
                out.put(t.name().toLowerCase(Locale.ROOT), v);
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
