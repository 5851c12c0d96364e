package io.memberlist.protocol;

import io.memberlist.wire.Address;
import io.memberlist.wire.Crc;
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
 *
 * <p>Every packet that piggybacks is filled to the room it really has (Go's {@code bytesAvail} in
 * {@code gossip} and {@code sendMsg}): {@code udpBufferSize} less the compound header, the CRC when the
 * packet carries one, and what the outer layers add (encryption envelope, label), so the datagram that
 * leaves is never larger than {@code udpBufferSize}. Diverges from Go: Go v0.2.2 forgets the 5-byte CRC
 * (and has no label), so its gossip to protocol-5 peers can exceed the buffer by 5 bytes.
 *
 * <p>The application's {@code Delegate.getBroadcasts} is asked once per packet that piggybacks, as Go asks
 * it, but never from here: the machine hands out fetch credits ({@link #nextUserFetch}), one per such packet
 * and one per gossip round, and the driver asks the delegate off its event loop and returns the answer with
 * {@link #offerUserOnce}. Answers wait in a small pool (about one gossip round of packets), from which every
 * packet takes what fits the room it has left.
 */
final class Dissemination {
    private final Settings settings;
    private final Members members;
    private final Outbox outbox;
    private final BroadcastQueue memberlist;
    private final BroadcastQueue user;
    private final BroadcastQueue userOnce;
    private final int fetchCreditsMax;
    private int fetchCredits;
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
        // Enough fetches ahead for one gossip round, whose packets all go out at once.
        this.fetchCreditsMax = Math.max(1, settings.gossipNodes());
        this.fetchCredits = fetchCreditsMax;
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
     * Bytes every gossip packet has for its parts, whoever receives it: the room of a packet that carries a
     * CRC. What is larger than this less {@link SwimMachine#USER_BROADCAST_OVERHEAD} is refused.
     */
    int packetRoom() {
        return packetRoom(true);
    }

    /**
     * Bytes a packet has for its parts (Go's {@code bytesAvail}): the UDP buffer less the compound header, the
     * CRC when {@code checksum}, and what the outer layers add (encryption envelope, label).
     */
    private int packetRoom(boolean checksum) {
        return settings.udpBufferSize() - WireSize.COMPOUND_HEADER_OVERHEAD - (checksum ? Crc.OVERHEAD : 0)
                - settings.packetOverhead();
    }

    /** Application broadcasts refused because they are larger than {@link #packetRoom()} allows. */
    long droppedUserBroadcasts() {
        return droppedUserBroadcasts;
    }

    /** Counts one more refusal (an ack payload too large for an ack packet). */
    void refused() {
        droppedUserBroadcasts++;
    }

    /**
     * The {@code limit} to ask {@code Delegate.getBroadcasts} with now, taking one fetch credit; 0 when no
     * packet went out since the credits ran out, or the pool already holds a gossip round's worth.
     */
    int nextUserFetch() {
        long pooled = userOnce.bytes() + (long) userOnce.size() * WireSize.COMPOUND_OVERHEAD;
        if (fetchCredits == 0 || pooled >= (long) fetchCreditsMax * packetRoom()) {
            return 0;
        }
        fetchCredits--;
        return packetRoom();
    }

    /** A packet that could piggyback went out (or a gossip round began): Go would ask the delegate now. */
    private void packetSent() {
        if (fetchCredits < fetchCreditsMax) {
            fetchCredits++;
        }
    }

    int queued() {
        return memberlist.size() + user.size() + userOnce.size();
    }

    /**
     * Sends {@code message} with as many queued broadcasts as fit beside it (Go's {@code sendMsg}). Diverges
     * from Go: Go leaves out the compound length of {@code message} itself, so a full piggyback is 2 bytes over
     * {@code udpBufferSize}; here it is counted.
     */
    void send(Address to, Message message, boolean checksum) {
        packetSent();
        int avail = packetRoom(checksum) - WireSize.COMPOUND_OVERHEAD - WireSize.of(message);
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
        packetSent();
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
        for (MemberRecord target : targets) {
            boolean checksum = target.protocolMax() >= 5;
            List<Message> messages = take(WireSize.COMPOUND_OVERHEAD, packetRoom(checksum),
                    WireSize.COMPOUND_PARTS_MAX);
            if (messages.isEmpty()) {
                return;
            }
            packetSent();
            outbox.add(new Effect.SendPacket(target.address(), messages, checksum));
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
