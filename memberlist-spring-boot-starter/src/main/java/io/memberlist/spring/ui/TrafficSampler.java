package io.memberlist.spring.ui;

import io.memberlist.Stats;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Turns the engine's cumulative {@link Stats} counters into per-second rates, one {@link Sample} per tick,
 * and keeps the last {@link #HISTORY} samples so a page opened later starts with full charts.
 */
final class TrafficSampler {
    /** Two minutes at one sample a second. */
    static final int HISTORY = 120;

    /**
     * Rates over the last interval. Bytes count UDP packets and TCP streams together, as sent and received on
     * the wire (after compression, encryption and label).
     */
    record Sample(long atMillis, double packetsIn, double packetsOut, double bytesIn, double bytesOut,
                  double droppedMalformed, double droppedLabel, double droppedDecrypt, double droppedOverload) {
    }

    private final ArrayDeque<Sample> history = new ArrayDeque<>();
    private Stats previous;
    private long previousNanos;

    /** Records the counters read at {@code nowNanos}; null for the first call (no interval yet). */
    Sample sample(Stats stats, long nowNanos, long nowMillis) {
        Stats before = previous;
        long elapsed = nowNanos - previousNanos;
        previous = stats;
        previousNanos = nowNanos;
        if (before == null || elapsed <= 0) {
            return null;
        }
        double perSecond = 1e9 / elapsed;
        Sample s = new Sample(nowMillis,
                (stats.packetsReceived() - before.packetsReceived()) * perSecond,
                (stats.packetsSent() - before.packetsSent()) * perSecond,
                (stats.packetBytesReceived() + stats.streamBytesReceived()
                        - before.packetBytesReceived() - before.streamBytesReceived()) * perSecond,
                (stats.packetBytesSent() + stats.streamBytesSent()
                        - before.packetBytesSent() - before.streamBytesSent()) * perSecond,
                (stats.droppedMalformed() - before.droppedMalformed()) * perSecond,
                (stats.droppedLabel() - before.droppedLabel()) * perSecond,
                (stats.droppedDecrypt() - before.droppedDecrypt()) * perSecond,
                (stats.droppedOverload() - before.droppedOverload()) * perSecond);
        history.addLast(s);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        return s;
    }

    List<Sample> history() {
        return List.copyOf(history);
    }
}
