package io.memberlist.protocol;

import io.memberlist.wire.Address;

/**
 * A ping this node sends on another's behalf (Go's {@code handleIndirectPing}): the target's ack is
 * forwarded under the requester's sequence number; with {@code nack}, silence until the probe timeout is
 * reported as a nack.
 */
record Relay(long requesterSeqNo, Address requester, boolean nack, Deadlines.Timer timer) {
}
