package io.memberlist.sim;

import io.memberlist.protocol.SwimMachine;
import io.memberlist.wire.Address;

import java.util.HashMap;
import java.util.Map;

/** One simulated member: its machine, whether its process runs, and its traffic counters. */
public final class SimNode {

    /** The ground truth about the process, which the protocol can only estimate. */
    public enum Status {
        /** Running and meant to be a member. */
        RUNNING,
        /** Announced its leave; runs until shut down. */
        LEAVING,
        /** Shut down after leaving. */
        STOPPED,
        /** Killed without a word. */
        CRASHED
    }

    final String name;
    final Address address;
    SwimMachine machine;
    Status status = Status.RUNNING;
    /** Bumped on every restart, so events of an old life are told apart. */
    int life;
    long scheduledWakeNanos = Long.MAX_VALUE;
    /** When the last lagged input will have been processed (slow nodes process in order). */
    long lagFrontierNanos;
    long packetsSent;
    long bytesSent;
    /** Inbound streams: our id → the opener and its id. */
    final Map<Long, InboundStream> inbound = new HashMap<>();
    long nextInboundId = 1;
    /** Streams this node opened and still waits on. */
    final java.util.Set<Long> pendingStreams = new java.util.HashSet<>();
    long leaveToken = -1;

    record InboundStream(SimNode opener, int openerLife, long openerStreamId, long deadlineNanos) {
    }

    SimNode(String name, Address address) {
        this.name = name;
        this.address = address;
    }

    public String name() {
        return name;
    }

    public Address address() {
        return address;
    }

    public SwimMachine machine() {
        return machine;
    }

    public Status status() {
        return status;
    }

    /** Running (leaving or not): able to answer. */
    public boolean isUp() {
        return status == Status.RUNNING || status == Status.LEAVING;
    }

    @Override
    public String toString() {
        return name + "(" + status + ")";
    }
}
