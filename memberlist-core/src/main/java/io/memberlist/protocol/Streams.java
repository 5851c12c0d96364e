package io.memberlist.protocol;

import io.memberlist.wire.Address;
import io.memberlist.wire.Ping;
import io.memberlist.wire.PushPull;

import java.util.HashMap;
import java.util.Map;

/**
 * The TCP exchanges this machine started and is waiting on: push/pulls (periodic or join) and TCP
 * fallback pings. Their ids are the machine's own; ids of inbound streams belong to the driver.
 */
final class Streams {
    private final Outbox outbox;
    private final Map<Long, Boolean> pushPulls = new HashMap<>();
    private final Map<Long, ProbeRound> tcpPings = new HashMap<>();
    private long nextId = 1;

    Streams(Outbox outbox) {
        this.outbox = outbox;
    }

    long openPushPull(Address to, PushPull request, long deadlineNanos) {
        long id = nextId++;
        pushPulls.put(id, request.join());
        outbox.add(new Effect.OpenStream(id, to, request, deadlineNanos));
        return id;
    }

    void openTcpPing(ProbeRound round, Address to, Ping ping, long deadlineNanos) {
        long id = nextId++;
        tcpPings.put(id, round);
        outbox.add(new Effect.OpenStream(id, to, ping, deadlineNanos));
    }

    /** The join flag of push/pull {@code id}, removing it; null when {@code id} is not a pending push/pull. */
    Boolean takePushPull(long id) {
        return pushPulls.remove(id);
    }

    /** The probe round of TCP ping {@code id}, removing it; null when unknown. */
    ProbeRound takeTcpPing(long id) {
        return tcpPings.remove(id);
    }

    int pending() {
        return pushPulls.size() + tcpPings.size();
    }
}
