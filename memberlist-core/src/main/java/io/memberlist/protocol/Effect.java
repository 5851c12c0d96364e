package io.memberlist.protocol;

import io.memberlist.MembershipEvent;
import io.memberlist.wire.Address;
import io.memberlist.wire.Message;

import java.util.List;

/**
 * What the machine asks its driver to do. Effects are plain values; the driver executes them in the order
 * they were produced and reports outcomes back as inputs ({@code onStreamReply}, {@code onStreamFailed}).
 */
public sealed interface Effect {

    /**
     * Send one UDP packet to {@code to}: a single message, or a compound of several when there is more than
     * one. {@code checksum} asks for the CRC framing (the receiver speaks protocol 5 or later).
     */
    record SendPacket(Address to, List<Message> messages, boolean checksum) implements Effect {
        public SendPacket {
            messages = List.copyOf(messages);
        }
    }

    /**
     * Open a TCP stream to {@code to}, write {@code request}, read one reply and report it with
     * {@code onStreamReply(streamId, …)}, or {@code onStreamFailed(streamId, …)} on any error or when
     * {@code deadlineNanos} passes. A {@link io.memberlist.wire.PushPull} request goes out with its user
     * state filled in by the driver ({@code Delegate.localState}).
     */
    record OpenStream(long streamId, Address to, Message request, long deadlineNanos) implements Effect {
    }

    /** Answer the inbound stream {@code streamId} with {@code reply}, then close it. */
    record ReplyStream(long streamId, Message reply) implements Effect {
    }

    /** Tell the application: deliver {@code event} to the delegates, off the network thread. */
    record Notify(MembershipEvent event) implements Effect {
    }

    /**
     * A push/pull this machine started (periodic or join) ended; {@code error} is null on success.
     * {@code nameTaken}: a join was refused because the peer knows a live member by our name elsewhere.
     */
    record PushPullDone(long streamId, boolean join, String error, boolean nameTaken) implements Effect {
        public PushPullDone(long streamId, boolean join, String error) {
            this(streamId, join, error, false);
        }
    }

    /**
     * The broadcast queued under {@code token} (by {@code leave} or {@code updateMeta}) was sent its full
     * number of times, replaced by a newer one, or had nobody to go to.
     */
    record BroadcastDone(long token) implements Effect {
    }
}
