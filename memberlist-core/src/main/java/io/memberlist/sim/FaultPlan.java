package io.memberlist.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What goes wrong in a simulated network, and when: latency and jitter (global or per link), random loss,
 * duplicates, symmetric and one-way partitions over time windows, and slow nodes whose message processing
 * lags. Mutable while a simulation is being set up; the simulation reads it as it runs, and it counts the
 * faults that took effect (a packet lost, a message a partition blocked), so a test can tell a fault that
 * happened from one that was only planned.
 */
public final class FaultPlan {
    private long latencyNanos = 1_000_000;
    private long jitterNanos;
    private double loss;
    private double duplicates;
    private final Map<String, Long> linkLatencyNanos = new HashMap<>();
    private final List<Partition> partitions = new ArrayList<>();
    private final Map<String, Long> slowNodes = new HashMap<>();
    private long lossUntilNanos = Long.MAX_VALUE;
    private final Map<Partition, Long> blockedBy = new HashMap<>();
    private long packetsLost;

    /**
     * A cut between {@code side} and everyone else from {@code startNanos} until {@code endNanos}. One-way
     * cuts only drop traffic leaving {@code side}.
     */
    public record Partition(Set<String> side, long startNanos, long endNanos, boolean oneWay) {
        boolean blocks(String from, String to, long nowNanos) {
            if (nowNanos < startNanos || nowNanos >= endNanos) {
                return false;
            }
            boolean fromInside = side.contains(from);
            boolean toInside = side.contains(to);
            if (fromInside == toInside) {
                return false;
            }
            return !oneWay || fromInside;
        }
    }

    public FaultPlan latency(long nanos, long jitter) {
        latencyNanos = nanos;
        jitterNanos = jitter;
        return this;
    }

    /** Latency of the directed link {@code from → to}, overriding the global one. */
    public FaultPlan linkLatency(String from, String to, long nanos) {
        linkLatencyNanos.put(from + "\u0000" + to, nanos);
        return this;
    }

    /** Probability that any one UDP packet is lost. */
    public FaultPlan loss(double probability) {
        loss = probability;
        return this;
    }

    /** Loss applies only before this time (the network heals afterwards). */
    public FaultPlan lossUntil(long nanos) {
        lossUntilNanos = nanos;
        return this;
    }

    /** Probability that a UDP packet is delivered twice. */
    public FaultPlan duplicates(double probability) {
        duplicates = probability;
        return this;
    }

    public FaultPlan partition(Partition p) {
        partitions.add(p);
        return this;
    }

    /** {@code node} processes every incoming message {@code lagNanos} late, in order (CPU starvation). */
    public FaultPlan slow(String node, long lagNanos) {
        slowNodes.put(node, lagNanos);
        return this;
    }

    long latencyNanos(String from, String to) {
        Long link = linkLatencyNanos.isEmpty() ? null : linkLatencyNanos.get(from + "\u0000" + to);
        return link != null ? link : latencyNanos;
    }

    long jitterNanos() {
        return jitterNanos;
    }

    double loss(long nowNanos) {
        return nowNanos < lossUntilNanos ? loss : 0;
    }

    double duplicates() {
        return duplicates;
    }

    /** Whether a partition cuts {@code from → to} now; a cut counts as one blocked message. */
    boolean blocked(String from, String to, long nowNanos) {
        for (Partition p : partitions) {
            if (p.blocks(from, to, nowNanos)) {
                blockedBy.merge(p, 1L, Long::sum);
                return true;
            }
        }
        return false;
    }

    /** The simulation dropped one packet to random loss. */
    void countLost() {
        packetsLost++;
    }

    /** UDP packets dropped by random loss so far (not those a partition blocked). */
    public long packetsLost() {
        return packetsLost;
    }

    /** Packets and stream legs {@code partition} blocked so far; 0 when it never cut a message. */
    public long blockedBy(Partition partition) {
        return blockedBy.getOrDefault(partition, 0L);
    }

    long slowLagNanos(String node) {
        Long lag = slowNodes.get(node);
        return lag == null ? 0 : lag;
    }

    public boolean isSlow(String node) {
        return slowNodes.containsKey(node);
    }

    /** No loss, partitions, duplicates or slow nodes at {@code nowNanos}: nobody healthy should be suspected. */
    boolean healthyAt(long nowNanos) {
        if (loss(nowNanos) > 0 || duplicates > 0 || !slowNodes.isEmpty()) {
            return false;
        }
        for (Partition p : partitions) {
            if (nowNanos >= p.startNanos() && nowNanos < p.endNanos()) {
                return false;
            }
        }
        return true;
    }

    /** The last time any partition or loss ends (0 when none): from then on the network is calm. */
    long faultsEndNanos() {
        long end = 0;
        for (Partition p : partitions) {
            end = Math.max(end, p.endNanos());
        }
        if (loss > 0) {
            end = Math.max(end, lossUntilNanos);
        }
        return end;
    }
}
