package io.memberlist.delegate;

import io.memberlist.Node;

import java.time.Duration;

/** Adds a payload to acks and observes round-trip times of direct probes (Go's {@code PingDelegate}). */
public interface PingDelegate {

    /** Bytes to put in every ack this node sends to a direct ping; read again whenever it may change. */
    default byte[] ackPayload() {
        return new byte[0];
    }

    /** A direct probe of {@code node} was acked after {@code rtt} with the peer's {@code payload}. */
    default void notifyPingComplete(Node node, Duration rtt, byte[] payload) {
    }
}
