package io.memberlist.sim;

import io.memberlist.MembershipEvent;
import io.memberlist.NodeState;

import java.util.HashMap;
import java.util.Map;

/**
 * What a scenario measures: when each node learned about the scenario's subject (joined, suspected, dead,
 * left), and false alarms: suspicions and death declarations about healthy members whose process was
 * running. Arrival times keep each observer's first notification about the subject. False alarms are not
 * de-duplicated: every notification counts, so an observer that suspects the same healthy member again
 * after it refuted counts two false suspicions (each one made the member refute and cost traffic).
 */
public final class Measurements implements SimObserver {
    private final Simulation simulation;
    private String subject;
    private long eventNanos;
    private final Map<String, Long> joined = new HashMap<>();
    private final Map<String, Long> dead = new HashMap<>();
    private final Map<String, Long> left = new HashMap<>();
    private long firstSuspectNanos = -1;
    private long falseSuspects;
    private long falseDeads;
    private long slowDeads;

    public Measurements(Simulation simulation) {
        this.simulation = simulation;
    }

    /** From now on, time what happens to {@code name}, counting from {@code atNanos}. */
    public void subject(String name, long atNanos) {
        subject = name;
        eventNanos = atNanos;
    }

    @Override
    public void onNotify(long nowNanos, SimNode at, MembershipEvent event) {
        if (event instanceof MembershipEvent.Suspected s) {
            String about = s.node().name();
            if (about.equals(subject) && firstSuspectNanos < 0 && nowNanos >= eventNanos) {
                firstSuspectNanos = nowNanos - eventNanos;
            }
            if (healthy(about)) {
                falseSuspects++;
            }
        } else if (event instanceof MembershipEvent.Left l) {
            String about = l.node().name();
            boolean isDead = l.node().state() == NodeState.DEAD;
            if (about.equals(subject) && !at.name().equals(subject) && nowNanos >= eventNanos) {
                (isDead ? dead : left).putIfAbsent(at.name(), nowNanos - eventNanos);
            }
            if (isDead && healthy(about)) {
                falseDeads++;
            } else if (isDead && running(about)) {
                slowDeads++;
            }
        } else if (event instanceof MembershipEvent.Joined j) {
            if (j.node().name().equals(subject) && !at.name().equals(subject) && nowNanos >= eventNanos) {
                joined.putIfAbsent(at.name(), nowNanos - eventNanos);
            }
        }
    }

    /**
     * Running and not deliberately slowed. A slow member that misses the suspicion timeout did fail to
     * answer, as the Lifeguard paper counts it; its deaths are reported apart ({@link #slowDeads()}).
     */
    private boolean healthy(String name) {
        return running(name) && !simulation.faults().isSlow(name);
    }

    private boolean running(String name) {
        SimNode n = simulation.node(name);
        return n != null && n.status() == SimNode.Status.RUNNING;
    }

    /** Over the nodes (other than the subject) still running at the end. */
    public Distribution joinedAfter() {
        return over(joined);
    }

    public Distribution deadAfter() {
        return over(dead);
    }

    public Distribution leftAfter() {
        return over(left);
    }

    /** Seconds from the event to the first suspicion of the subject anywhere, or null. */
    public Double firstSuspect() {
        return firstSuspectNanos < 0 ? null : firstSuspectNanos / 1e9;
    }

    public long falseSuspects() {
        return falseSuspects;
    }

    public long falseDeads() {
        return falseDeads;
    }

    /** Dead declarations about running members that were deliberately slowed. */
    public long slowDeads() {
        return slowDeads;
    }

    /** The raw times behind a distribution: nanoseconds after the event, of {@code expected} members. */
    record Sample(long[] reachedNanos, int expected) {
    }

    Sample joinedSample() {
        return sample(joined);
    }

    Sample deadSample() {
        return sample(dead);
    }

    Sample leftSample() {
        return sample(left);
    }

    private Distribution over(Map<String, Long> times) {
        Sample s = sample(times);
        return s == null ? null : Distribution.of(s.reachedNanos(), s.expected());
    }

    private Sample sample(Map<String, Long> times) {
        if (subject == null) {
            return null;
        }
        int expected = 0;
        long[] reached = new long[times.size()];
        int i = 0;
        for (SimNode n : simulation.nodes()) {
            if (n.name().equals(subject) || n.status() != SimNode.Status.RUNNING) {
                continue;
            }
            expected++;
            Long t = times.get(n.name());
            if (t != null) {
                reached[i++] = t;
            }
        }
        return new Sample(java.util.Arrays.copyOf(reached, i), expected);
    }
}
