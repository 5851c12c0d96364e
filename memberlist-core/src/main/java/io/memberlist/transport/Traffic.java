package io.memberlist.transport;

import io.memberlist.wire.Message;
import io.memberlist.wire.MessageType;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Traffic counters of one node's transport, written on the event loop, read from anywhere. */
public final class Traffic {
    public final LongAdder packetsSent = new LongAdder();
    public final LongAdder packetBytesSent = new LongAdder();
    public final LongAdder packetsReceived = new LongAdder();
    public final LongAdder packetBytesReceived = new LongAdder();
    public final LongAdder streamsOpened = new LongAdder();
    public final LongAdder streamsAccepted = new LongAdder();
    public final LongAdder streamBytesSent = new LongAdder();
    public final LongAdder streamBytesReceived = new LongAdder();
    public final LongAdder droppedMalformed = new LongAdder();
    public final LongAdder droppedLabel = new LongAdder();
    public final LongAdder droppedDecrypt = new LongAdder();
    public final LongAdder droppedOverload = new LongAdder();
    private final Map<MessageType, LongAdder> sent = new EnumMap<>(MessageType.class);
    private final Map<MessageType, LongAdder> received = new EnumMap<>(MessageType.class);

    public Traffic() {
        for (MessageType t : MessageType.values()) {
            sent.put(t, new LongAdder());
            received.put(t, new LongAdder());
        }
    }

    public void sent(Message m) {
        sent.get(m.type()).increment();
    }

    public void received(Message m) {
        received.get(m.type()).increment();
    }

    public void dropped(Dropped.Reason reason) {
        switch (reason) {
            case LABEL -> droppedLabel.increment();
            case DECRYPT -> droppedDecrypt.increment();
            case MALFORMED, TOO_LARGE -> droppedMalformed.increment();
        }
    }

    /** Non-zero counts by lower-case type name ({@code ping}, {@code push_pull}, …). */
    public Map<String, Long> sentByType() {
        return snapshot(sent);
    }

    public Map<String, Long> receivedByType() {
        return snapshot(received);
    }

    private static Map<String, Long> snapshot(Map<MessageType, LongAdder> counts) {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((t, c) -> {
            long v = c.sum();
            if (v > 0) {
                out.put(t.name().toLowerCase(Locale.ROOT), v);
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
