package io.memberlist.protocol;

import io.memberlist.Config;
import io.memberlist.MembershipEvent;
import io.memberlist.wire.Ack;
import io.memberlist.wire.Address;
import io.memberlist.wire.Alive;
import io.memberlist.wire.Message;
import io.memberlist.wire.Ping;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Drives one {@link SwimMachine} by hand in virtual time: node "a" at 10.0.0.1:7946, peers b, c, d, …
 * at 10.0.0.2, 10.0.0.3, …; collects every effect for the test to inspect.
 */
final class MachineHarness {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    static final long T0 = 1_000 * S;
    static final byte[] VSN = {1, 5, 2, 0, 0, 0};
    static final Address A = Address.ipv4(10, 0, 0, 1, 7946);

    final SwimMachine m;
    final List<Effect> effects = new ArrayList<>();
    long now = T0;
    /** When set, every probe ping "a" sends is acked at once, as by healthy peers. */
    boolean autoAck;

    MachineHarness(Config config, long seed) {
        this(config, seed, null);
    }

    MachineHarness(Config config, long seed, byte[] meta) {
        m = SwimMachine.start(config, A, meta, new SplittableRandom(seed), now);
        drain();
    }

    static Config.Builder lan() {
        return Config.lan().name("a");
    }

    static Address addr(String name) {
        return Address.ipv4(10, 0, 0, name.charAt(0) - 'a' + 1, 7946);
    }

    static Alive alive(String name, long incarnation) {
        return alive(name, incarnation, null);
    }

    static Alive alive(String name, long incarnation, byte[] meta) {
        return new Alive(incarnation, name, addr(name).ip(), 7946, meta, VSN.clone());
    }

    /** Feeds alive messages so that the machine knows these peers (alive at incarnation 1). */
    MachineHarness withPeers(String... names) {
        for (String n : names) {
            m.onPacket(addr(n), alive(n, 1), now);
        }
        drain();
        effects.clear();
        return this;
    }

    /** Delivers {@code message} as if it came in a packet from peer {@code from}; returns the new effects. */
    List<Effect> packet(String from, Message message) {
        m.onPacket(addr(from), message, now);
        return drain();
    }

    static List<Message> messagesIn(List<Effect> effects) {
        List<Message> all = new ArrayList<>();
        for (Effect e : effects) {
            if (e instanceof Effect.SendPacket p) {
                all.addAll(p.messages());
            }
        }
        return all;
    }

    /** A one-line description of an effect, comparable across runs (byte arrays by content). */
    static String describe(Effect e) {
        if (e instanceof Effect.SendPacket p) {
            StringBuilder b = new StringBuilder("send " + p.to() + " crc=" + p.checksum());
            p.messages().forEach(msg -> b.append(' ').append(describe(msg)));
            return b.toString();
        }
        if (e instanceof Effect.OpenStream o) {
            return "open " + o.streamId() + " " + o.to() + " " + describe(o.request()) + " @" + o.deadlineNanos();
        }
        return e.toString();
    }

    static String describe(Message msg) {
        if (msg instanceof Ping p) {
            return "ping(" + p.seqNo() + "," + p.node() + ")";
        }
        if (msg instanceof Ack a) {
            return "ack(" + a.seqNo() + ")";
        }
        if (msg instanceof Alive a) {
            return "alive(" + a.node() + "," + a.incarnation() + ")";
        }
        return msg.toString().replaceAll("\\[B@[0-9a-f]+", "bytes");
    }

    List<Effect> drain() {
        List<Effect> fresh = new ArrayList<>();
        m.drainEffects(fresh::add);
        effects.addAll(fresh);
        return fresh;
    }

    /** Fires the next deadline (whatever it is) and moves the clock there. */
    void step() {
        long next = m.nextDeadline();
        if (next == Long.MAX_VALUE) {
            throw new IllegalStateException("nothing armed");
        }
        now = Math.max(now, next);
        m.onTimeout(now);
        List<Effect> fresh = drain();
        if (autoAck) {
            for (Effect e : fresh) {
                if (e instanceof Effect.SendPacket p && p.messages().get(0) instanceof Ping ping
                        && ping.sourceNode().equals("a")) {
                    m.onPacket(p.to(), new Ack(ping.seqNo(), null), now);
                    drain();
                }
            }
        }
    }

    /** Fires every deadline up to and including {@code t}, in order; the clock ends at {@code t}. */
    void advanceTo(long t) {
        while (m.nextDeadline() <= t) {
            step();
        }
        now = Math.max(now, t);
    }

    void advanceBy(long nanos) {
        advanceTo(now + nanos);
    }

    /** Steps until a probe ping from "a" goes out; returns it (the clock is at the probe's start). */
    Effect.SendPacket awaitProbe() {
        for (int i = 0; i < 10_000; i++) {
            int mark = effects.size();
            step();
            for (Effect e : effects.subList(mark, effects.size())) {
                if (e instanceof Effect.SendPacket p && p.messages().get(0) instanceof Ping ping
                        && ping.sourceNode().equals("a")) {
                    return p;
                }
            }
        }
        throw new AssertionError("no probe started");
    }

    static Ping ping(Effect.SendPacket p) {
        return (Ping) p.messages().get(0);
    }

    List<Effect.SendPacket> packets() {
        return effects.stream().filter(e -> e instanceof Effect.SendPacket).map(e -> (Effect.SendPacket) e).toList();
    }

    List<Effect.SendPacket> packetsTo(Address to) {
        return packets().stream().filter(p -> p.to().equals(to)).toList();
    }

    /** Every message sent in any packet (parts of compounds included). */
    List<Message> sentMessages() {
        List<Message> all = new ArrayList<>();
        packets().forEach(p -> all.addAll(p.messages()));
        return all;
    }

    <T extends Message> List<T> sent(Class<T> type) {
        return sentMessages().stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends Message> List<T> sent(Class<T> type, Predicate<T> test) {
        return sent(type).stream().filter(test).toList();
    }

    <T extends Effect> List<T> effects(Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<MembershipEvent> events() {
        return effects(Effect.Notify.class).stream().map(Effect.Notify::event).toList();
    }

    <T extends MembershipEvent> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Runs gossip rounds until the broadcast queues are empty (bounded). */
    void gossipUntilQuiet() {
        for (int i = 0; i < 10_000 && m.queuedBroadcasts() > 0; i++) {
            step();
        }
        if (m.queuedBroadcasts() > 0) {
            throw new AssertionError("broadcasts never drained");
        }
    }
}
