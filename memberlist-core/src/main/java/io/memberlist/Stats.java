package io.memberlist;

import java.util.Map;

/**
 * A snapshot of a node's counters since it started, named after HashiCorp memberlist's telemetry where
 * one exists. Cheap to take; meant for metrics and troubleshooting.
 *
 * @param packetsSent          UDP packets written
 * @param packetBytesSent      their bytes, after compression, encryption and label
 * @param packetsReceived      UDP packets read
 * @param packetBytesReceived  their bytes as received
 * @param streamsOpened        TCP streams this node dialled (push/pull, TCP pings, reliable sends)
 * @param streamsAccepted      TCP streams other nodes opened to this one
 * @param streamBytesSent      bytes written on streams
 * @param streamBytesReceived  bytes read on streams
 * @param messagesSent         messages sent, by type name ({@code ping}, {@code alive}, …)
 * @param messagesReceived     messages received, by type name
 * @param droppedMalformed     packets, parts of packets or streams dropped because they could not be decoded:
 *                             malformed, of unknown type, or too large
 * @param droppedLabel         packets or streams dropped because their cluster label was wrong
 * @param droppedDecrypt       packets or streams dropped because no key could decrypt them
 * @param droppedOverload      packets, streams or events dropped because a bound was reached, and streams cut
 *                             for going silent, trickling or outliving the TCP timeout
 * @param probes               probe rounds started
 * @param probeFailures        probe rounds that ended in a suspicion
 * @param pushPulls            push/pull exchanges this node started that completed
 * @param pushPullNanos        their total duration
 * @param queuedBroadcasts     broadcasts waiting to be piggybacked (memberlist's and the application's)
 * @param probeAcks            probe rounds answered by an ack, direct or relayed
 * @param probeAckNanos        their total ping-to-ack time
 * @param droppedByReason      every dropped input (packet, packet part or stream) by reason: {@code malformed},
 *                             {@code unknown_type}, {@code too_large}, {@code label}, {@code decrypt},
 *                             {@code timeout}, {@code overload}; each also counts in one of the four totals above
 * @param streamsUnanswered    streams this node opened that the peer closed without a reply (a join refused
 *                             for a different key or label, a peer that is not a memberlist node)
 * @param blockedAlives        alive messages refused because their UDP source or claimed address lies outside
 *                             {@code cidrsAllowed}
 * @param delegateFailures     alive or merge delegate calls that threw; the claim or merge they judged was refused
 * @param userBroadcastsRefused application broadcasts (queued or from {@code Delegate.getBroadcasts}) and ack
 *                             payloads refused because they can never fit in a packet
 */
public record Stats(long packetsSent, long packetBytesSent, long packetsReceived, long packetBytesReceived,
                    long streamsOpened, long streamsAccepted, long streamBytesSent, long streamBytesReceived,
                    Map<String, Long> messagesSent, Map<String, Long> messagesReceived,
                    long droppedMalformed, long droppedLabel, long droppedDecrypt, long droppedOverload,
                    long probes, long probeFailures, long pushPulls, long pushPullNanos, int queuedBroadcasts,
                    long probeAcks, long probeAckNanos, Map<String, Long> droppedByReason,
                    long streamsUnanswered, long blockedAlives, long delegateFailures,
                    long userBroadcastsRefused) {
}
