package io.memberlist.protocol;

import io.memberlist.wire.Message;
import io.memberlist.wire.UserMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Memberlist's transmit-limited broadcast queue (Go's {@code TransmitLimitedQueue}). Each broadcast is
 * piggybacked at most {@code retransmitMult × ceil(log10(n + 1))} times. Selection walks the tiers of
 * transmit counts from the fewest up and, inside a tier, takes the largest message that still fits
 * (ties: the newest), so fresh news goes first and packets are filled well.
 *
 * <p>A broadcast may carry a key (the node name it is about): queuing another with the same key replaces
 * it, because only the newest claim about a node matters. A broadcast with a token reports through
 * {@code onFinished} when it is done: sent its full number of times, or replaced.
 */
final class BroadcastQueue {

    /** One queued message and its bookkeeping. */
    static final class Item {
        final Message message;
        final int size;
        final String key;
        final long token;
        final long id;
        int transmits;

        Item(Message message, int size, String key, long token, long id) {
            this.message = message;
            this.size = size;
            this.key = key;
            this.token = token;
            this.id = id;
        }
    }

    // Fewest transmits first; inside a tier the largest message, then the newest.
    private static final Comparator<Item> ORDER = Comparator.<Item>comparingInt(i -> i.transmits)
            .thenComparing(Comparator.<Item>comparingInt(i -> i.size).reversed())
            .thenComparing(Comparator.<Item>comparingLong(i -> i.id).reversed());

    private final TreeSet<Item> items = new TreeSet<>(ORDER);
    private final Map<String, Item> byKey = new HashMap<>();
    private final int retransmitMult;
    private final int fixedTransmitLimit;
    private final int maxItems;
    private final LongConsumer onFinished;
    private long nextId;
    private long bytes;

    /**
     * @param maxItems   bound on the queue; beyond it the most-sent (then oldest) items are dropped
     * @param onFinished told the token of every finished broadcast that has one (token != 0)
     */
    BroadcastQueue(int retransmitMult, int maxItems, LongConsumer onFinished) {
        this(retransmitMult, 0, maxItems, onFinished);
    }

    /** A queue whose messages are sent exactly {@code fixedTransmitLimit} times, whatever the cluster size. */
    BroadcastQueue(int retransmitMult, int fixedTransmitLimit, int maxItems, LongConsumer onFinished) {
        this.retransmitMult = retransmitMult;
        this.fixedTransmitLimit = fixedTransmitLimit;
        this.maxItems = maxItems;
        this.onFinished = onFinished;
    }

    /** Queues {@code message} of encoded {@code size}; replaces a queued one with the same non-null key. */
    void queue(Message message, int size, String key, long token) {
        if (key != null) {
            Item old = byKey.remove(key);
            if (old != null) {
                items.remove(old);
                bytes -= old.size;
                finish(old);
            }
        }
        Item item = new Item(message, size, key, token, nextId++);
        items.add(item);
        bytes += size;
        if (key != null) {
            byKey.put(key, item);
        }
        while (items.size() > maxItems) {
            Item dropped = items.pollLast();
            bytes -= dropped.size;
            forget(dropped);
            finish(dropped);
        }
    }

    /**
     * Takes broadcasts that fit in {@code limit} bytes, counting {@code overhead} extra bytes for each,
     * for a cluster of {@code n} nodes, at most {@code countMax} of them; each taken message counts one
     * transmission.
     */
    List<Message> take(int overhead, int limit, int n, int countMax) {
        if (items.isEmpty()) {
            return List.of();
        }
        int transmitLimit = fixedTransmitLimit > 0 ? fixedTransmitLimit : Timing.retransmitLimit(retransmitMult, n);
        List<Message> out = new ArrayList<>();
        List<Item> reinsert = new ArrayList<>();
        int used = 0;
        int tier = items.first().transmits;
        while (out.size() < countMax) {
            int free = limit - used - overhead;
            if (free <= 0) {
                break;
            }
            Item fit = items.ceiling(probe(tier, free));
            while (fit != null && fit.transmits == tier && repeats(out, fit.message)) {
                fit = items.higher(fit); // same tier, no larger: it fits too
            }
            if (fit == null || fit.transmits != tier) {
                Item nextTier = items.ceiling(probe(tier + 1, Integer.MAX_VALUE));
                if (nextTier == null) {
                    break;
                }
                tier = nextTier.transmits;
                continue;
            }
            items.remove(fit);
            used += overhead + fit.size;
            out.add(fit.message);
            if (fit.transmits + 1 >= transmitLimit) {
                bytes -= fit.size;
                forget(fit);
                finish(fit);
            } else {
                reinsert.add(fit); // re-added after the walk so it is not picked twice in one packet
            }
        }
        for (Item i : reinsert) {
            i.transmits++;
            items.add(i);
        }
        return out;
    }

    int size() {
        return items.size();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Encoded bytes of the queued messages, per-message overhead not counted. */
    long bytes() {
        return bytes;
    }

    /** Whether a broadcast with this token is still queued. */
    boolean contains(long token) {
        for (Item i : items) {
            if (i.token == token) {
                return true;
            }
        }
        return false;
    }

    /** Drops everything, reporting tokens as finished. */
    void clear() {
        List<Item> all = new ArrayList<>(items);
        items.clear();
        byKey.clear();
        bytes = 0;
        all.forEach(this::finish);
    }

    /**
     * Whether {@code m} is an application message with the same bytes as one already in the packet. A delegate
     * that hands a message out on consecutive calls (as Go's {@code TransmitLimitedQueue} does until its
     * retransmit limit) lands it in the pool more than once; Go, asking once per packet, never puts it twice
     * in one packet, so neither does this: the copy waits for the next packet.
     */
    private static boolean repeats(List<Message> packet, Message m) {
        if (!(m instanceof UserMessage u)) {
            return false;
        }
        for (Message other : packet) {
            if (other instanceof UserMessage o && Arrays.equals(o.payload(), u.payload())) {
                return true;
            }
        }
        return false;
    }

    private Item probe(int transmits, int size) {
        Item p = new Item(null, size, null, 0, Long.MAX_VALUE);
        p.transmits = transmits;
        return p;
    }

    private void forget(Item i) {
        if (i.key != null && byKey.get(i.key) == i) {
            byKey.remove(i.key);
        }
    }

    private void finish(Item i) {
        if (i.token != 0) {
            onFinished.accept(i.token);
        }
    }
}
