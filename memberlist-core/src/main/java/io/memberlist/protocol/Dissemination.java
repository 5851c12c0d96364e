package io.memberlist.protocol;

import io.memberlist.wire.Address;
import io.memberlist.wire.Message;
import io.memberlist.wire.UserMessage;
import io.memberlist.wire.WireSize;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * SWIM's dissemination component, memberlist style: state changes are queued as broadcasts, piggybacked
 * on every ping, ack and nack with room to spare, and pushed by periodic gossip to a few random members,
 * recently dead ones included so they learn they were declared dead.
 */
final class Dissemination {
    private final Settings settings;
    private final Members members;
    private final Outbox outbox;
    private final BroadcastQueue memberlist;
    private final BroadcastQueue user;
    private final BroadcastQueue userOnce;
    private long droppedUserBroadcasts;

    Dissemination(Settings settings, Members members, Outbox outbox, LongConsumer onFinished) {
        this.settings = settings;
        this.members = members;
        this.outbox = outbox;
        // Memberlist's own broadcasts are keyed by node name, so the queue never holds more than one per member.
        this.memberlist = new BroadcastQueue(settings.retransmitMult(), Integer.MAX_VALUE, onFinished);
        this.user = new BroadcastQueue(settings.retransmitMult(), Settings.USER_BROADCASTS_MAX, onFinished);
        // What a Delegate.getBroadcasts hands over is sent once: the delegate counts its own retransmissions.
        this.userOnce = new BroadcastQueue(settings.retransmitMult(), 1, Settings.USER_BROADCASTS_MAX, onFinished);
    }

    /** Queues a claim about node {@code key}, replacing any older one; {@code token} 0 for none. */
    void broadcast(Message message, String key, long token) {
        memberlist.queue(message, WireSize.of(message), key, token);
    }

    /** Queues an application broadcast; false (and counted) when it can never fit in a gossip packet. */
    boolean broadcastUser(byte[] payload) {
        return queueUser(user, payload);
    }

    /** Application messages to piggyback once each, as Go sends what {@code GetBroadcasts} returns. */
    boolean offerUserOnce(byte[] payload) {
        return queueUser(userOnce, payload);
    }

    private boolean queueUser(BroadcastQueue queue, byte[] payload) {
        UserMessage m = new UserMessage(payload);
        int size = WireSize.of(m);
        if (size + WireSize.COMPOUND_OVERHEAD > packetRoom()) {
            // It would sit in the queue, never sent, until newer broadcasts pushed it out: refuse it now.
            droppedUserBroadcasts++;
            return false;
        }
        queue.queue(m, size, null, 0);
        return true;
    }

    /**
     * Bytes a gossip packet has for its parts (Go's {@code bytesAvail} in {@code gossip}): the UDP buffer less
     * the compound header and what the outer layers add (encryption envelope, label).
     */
    int packetRoom() {
        return settings.udpBufferSize() - WireSize.COMPOUND_HEADER_OVERHEAD - settings.packetOverhead();
    }

    /** Application broadcasts refused because they are larger than {@link #packetRoom()} allows. */
    long droppedUserBroadcasts() {
        return droppedUserBroadcasts;
    }

    int queued() {
        return memberlist.size() + user.size() + userOnce.size();
    }

    /** Sends {@code message} with as many queued broadcasts as fit beside it (Go's {@code sendMsg}). */
    void send(Address to, Message message, boolean checksum) {
        int avail = settings.udpBufferSize() - WireSize.of(message) - WireSize.COMPOUND_HEADER_OVERHEAD
                - settings.packetOverhead();
        List<Message> extra = take(WireSize.COMPOUND_OVERHEAD, avail, WireSize.COMPOUND_PARTS_MAX - 1);
        if (extra.isEmpty()) {
            outbox.add(new Effect.SendPacket(to, List.of(message), checksum));
            return;
        }
        List<Message> all = new ArrayList<>(extra.size() + 1);
        all.add(message);
        all.addAll(extra);
        outbox.add(new Effect.SendPacket(to, all, checksum));
    }

    /** Sends exactly these messages in one packet, without piggybacking. */
    void sendOnly(Address to, List<Message> messages, boolean checksum) {
        outbox.add(new Effect.SendPacket(to, messages, checksum));
    }

    /** One gossip round: broadcasts to {@code gossipNodes} random live, suspect or recently dead members. */
    void gossip(String self, long nowNanos) {
        if (memberlist.isEmpty() && user.isEmpty() && userOnce.isEmpty()) {
            return;
        }
        List<MemberRecord> targets = members.randomMembers(settings.gossipNodes(), r -> {
            if (r.name().equals(self)) {
                return true;
            }
            return switch (r.state()) {
                case ALIVE, SUSPECT -> false;
                case DEAD -> nowNanos - r.stateChangeNanos() > settings.gossipToTheDeadNanos();
                case LEFT -> true;
            };
        });
        int limit = packetRoom();
        for (MemberRecord target : targets) {
            List<Message> messages = take(WireSize.COMPOUND_OVERHEAD, limit, WireSize.COMPOUND_PARTS_MAX);
            if (messages.isEmpty()) {
                return;
            }
            outbox.add(new Effect.SendPacket(target.address(), messages, target.protocolMax() >= 5));
        }
    }

    /** Memberlist's broadcasts first, then the application's in the room left (Go's getBroadcasts). */
    private List<Message> take(int overhead, int limit, int partsMax) {
        int n = members.size();
        List<Message> out = memberlist.take(overhead, limit, n, partsMax);
        int used = 0;
        for (Message m : out) {
            used += WireSize.of(m) + overhead;
        }
        for (BroadcastQueue q : new BroadcastQueue[] {user, userOnce}) {
            if (!q.isEmpty() && limit - used > overhead + 1 && out.size() < partsMax) {
                List<Message> userMessages = q.take(overhead, limit - used, n, partsMax - out.size());
                for (Message m : userMessages) {
                    used += WireSize.of(m) + overhead;
                }
                if (!userMessages.isEmpty()) {
                    out = new ArrayList<>(out);
                    out.addAll(userMessages);
                }
            }
        }
        return out;
    }
}
