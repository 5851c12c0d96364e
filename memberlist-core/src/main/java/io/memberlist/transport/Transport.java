package io.memberlist.transport;

import io.memberlist.wire.Address;
import io.memberlist.wire.DecodedPacket;
import io.memberlist.wire.Message;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Memberlist's two planes (Go's {@code Transport}): best-effort UDP packets and request/reply TCP streams.
 * Implementations frame messages with {@link Framing} and deliver what they receive to a {@link Receiver}
 * on the node's own event loop, one call at a time.
 */
public interface Transport extends AutoCloseable {

    /** Where the node listens: the bound IP and port (port 0 resolved). */
    Address boundAddress();

    /** Sends {@code messages} to {@code to} in one packet; failures are counted, never thrown. */
    void sendPacket(Address to, List<? extends Message> messages, boolean crc);

    /**
     * Opens a stream to {@code to}, writes {@code request} and completes with the one reply, or
     * exceptionally on any failure or when {@code timeoutNanos} passes.
     */
    CompletableFuture<Message> request(Address to, Message request, long timeoutNanos);

    /** Opens a stream, writes {@code message} and closes; completes once written. */
    CompletableFuture<Void> send(Address to, Message message, long timeoutNanos);

    /** Stops listening and closes every connection. */
    @Override
    void close();

    /** What a transport hands to the node, always on the node's event loop. */
    interface Receiver {

        /** A packet arrived and decoded. */
        void onPacket(Address from, DecodedPacket packet, int bytes);

        /** A stream arrived carrying {@code request}; answer it (or not) through {@code stream}. */
        void onStream(InboundStream stream, Address from, Message request);

        /** Bytes were dropped before they became messages. */
        void onDropped(Dropped.Reason reason, String detail);
    }

    /** The far end of an accepted stream, waiting for at most one reply. */
    interface InboundStream {

        /** Writes {@code reply} and closes the stream. */
        void reply(Message reply);

        /** Closes without replying. */
        void close();
    }
}
