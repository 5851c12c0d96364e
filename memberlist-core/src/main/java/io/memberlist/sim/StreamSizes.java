package io.memberlist.sim;

import io.memberlist.protocol.ConvergedStates;
import io.memberlist.protocol.ConvergedView;
import io.memberlist.transport.Framing;
import io.memberlist.wire.Message;
import io.memberlist.wire.PushNodeState;
import io.memberlist.wire.PushPull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The framed size of each stream message, for the traffic counters. Encoding and compressing a push/pull
 * of every member dominated the simulator's time (two thirds of a 10,000-node run), although most
 * push/pulls in a run carry the same member states: their sizes are remembered by content.
 *
 * <p>Diverges from the wire: the key ignores the order of the member states (each node lists its members
 * in its own probe order), so a push/pull with the same states as one already counted is charged that
 * one's size, measured in a random order. Uncompressed that is exact; compressed (LZW) it differs by the
 * effect of the order on the dictionary, under one percent between random orders of member lists.
 */
final class StreamSizes {
    /** Distinct contents remembered; a run that exceeds it starts over (only the speed changes). */
    private static final int MAX_ENTRIES = 4_096;

    private final Framing framing;
    private final Map<Key, Integer> pushPullSizes = new HashMap<>();

    private record Key(int count, long sum, long xor, boolean join, int userStateLength) {
    }

    /** The fingerprint of each converged view's own states, so a push/pull of it costs only its changes. */
    private final Map<ConvergedView, long[]> viewFingerprints = new IdentityHashMap<>();

    StreamSizes(Framing framing) {
        this.framing = framing;
    }

    int size(Message message) {
        if (!(message instanceof PushPull pp)) {
            return framing.encodeStream(message).length;
        }
        Key key = key(pp);
        Integer known = pushPullSizes.get(key);
        if (known != null) {
            return known;
        }
        if (pushPullSizes.size() >= MAX_ENTRIES) {
            pushPullSizes.clear();
        }
        int size = framing.encodeStream(shuffled(pp, key)).length;
        pushPullSizes.put(key, size);
        return size;
    }

    /**
     * The same push/pull with its states in a uniformly random order (seeded by the content, so runs
     * replay): Go's node list is shuffled, while the first sender of a content may list it in a regular
     * order (a converged start walks a permutation), which LZW compresses measurably better.
     */
    private static PushPull shuffled(PushPull pp, Key key) {
        List<PushNodeState> nodes = new ArrayList<>(pp.nodes());
        Collections.shuffle(nodes, new Random(key.sum() ^ key.xor()));
        return new PushPull(pp.join(), nodes, pp.userState());
    }

    /**
     * An order-independent fingerprint of the member states (two 64-bit sums of well-mixed hashes). States
     * shared with a converged view are fingerprinted once: their sum, with the changed states swapped in.
     */
    private Key key(PushPull pp) {
        long[] f;
        if (pp.nodes() instanceof ConvergedStates shared) {
            f = viewFingerprints.computeIfAbsent(shared.view(), v -> fingerprint(shared.base())).clone();
            for (ConvergedStates.Change c : shared.changes()) {
                add(f, c.shared(), -1);
                add(f, c.changed(), 1);
            }
        } else {
            f = fingerprint(pp.nodes());
        }
        return new Key(pp.nodes().size(), f[0], f[1], pp.join(), pp.userState() == null ? -1 : pp.userState().length);
    }

    private static long[] fingerprint(List<PushNodeState> states) {
        long[] f = new long[2];
        for (PushNodeState s : states) {
            add(f, s, 1);
        }
        return f;
    }

    /** Adds ({@code sign} 1) or takes out (-1) one state: the sum adds or subtracts, the xor toggles. */
    private static void add(long[] f, PushNodeState s, int sign) {
        long h = s.name().hashCode();
        h = h * 31 + s.incarnation();
        h = h * 31 + s.state();
        h = h * 31 + s.port();
        h = h * 31 + Arrays.hashCode(s.addr());
        h = h * 31 + Arrays.hashCode(s.meta());
        h = h * 31 + Arrays.hashCode(s.vsn());
        long m = mix(h);
        f[0] += sign * m;
        f[1] ^= mix(m + 0x9E3779B97F4A7C15L);
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
