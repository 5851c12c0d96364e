package io.memberlist.spring.raft.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Seeded histories that are linearizable by construction, without threads: each client calls one after another
 * with random gaps; each call takes effect at a random point inside its interval, and results come from applying
 * the calls to a sequential register in the order of those points. Some calls lose their answer (applied or not)
 * or are refused (not applied). The same seed gives the same history, so timings compare across runs.
 */
final class SyntheticHistories {
    private final Random random;
    private final int keys;
    private final double mishapRate;

    SyntheticHistories(long seed, int keys, double mishapRate) {
        this.random = new Random(seed);
        this.keys = keys;
        this.mishapRate = mishapRate;
    }

    private record Call(int client, String key, Operation.Kind kind, Long argument, long invoke, long effect,
                        long complete, double roll) {
    }

    /** {@code ops} calls spread over {@code clients}, with intervals up to {@code maxLatency} ticks long. */
    List<Operation> generate(int clients, int ops, int maxLatency) {
        List<Call> calls = new ArrayList<>();
        long[] clock = new long[clients];
        for (int i = 0; i < ops; i++) {
            int client = random.nextInt(clients);
            long invoke = clock[client] + random.nextInt(3);
            long effect = invoke + random.nextInt(maxLatency + 1);
            long complete = effect + random.nextInt(maxLatency + 1);
            clock[client] = complete + 1;
            int pick = random.nextInt(10);
            Operation.Kind kind = pick < 4 ? Operation.Kind.READ : pick < 7 ? Operation.Kind.WRITE : Operation.Kind.CAS;
            calls.add(new Call(client, "k" + random.nextInt(keys), kind, kind == Operation.Kind.READ ? null : 1000L + i,
                    invoke, effect, complete, random.nextDouble()));
        }
        calls.sort(Comparator.comparingLong(Call::effect));
        Map<String, Long> register = new HashMap<>();
        List<Operation> history = new ArrayList<>();
        for (Call call : calls) {
            history.add(apply(call, register, history.size()));
        }
        history.sort(Comparator.comparingLong(Operation::invokeNanos));
        return history;
    }

    private Operation apply(Call call, Map<String, Long> register, int id) {
        Long current = register.get(call.key());
        boolean refused = call.roll() < mishapRate;
        boolean lostBeforeApplied = call.roll() < 2 * mishapRate;
        boolean lostAfterApplied = call.roll() < 3 * mishapRate;
        // A CAS expects the current value half the time, so about half of them swap.
        Long expected = call.kind() == Operation.Kind.CAS && random.nextBoolean() ? current : Long.valueOf(-1);
        boolean swaps = Objects.equals(expected, current);
        if (!lostBeforeApplied && (call.kind() == Operation.Kind.WRITE || call.kind() == Operation.Kind.CAS && swaps)) {
            register.put(call.key(), call.argument());
        }
        Operation.Outcome outcome = refused ? Operation.Outcome.FAILED
                : lostAfterApplied ? Operation.Outcome.INDETERMINATE : Operation.Outcome.OK;
        boolean ok = outcome == Operation.Outcome.OK;
        return new Operation(id, call.client(), call.key(), call.kind(), call.argument(),
                call.kind() == Operation.Kind.CAS ? expected : null,
                ok && call.kind() == Operation.Kind.READ ? current : null,
                ok && call.kind() == Operation.Kind.CAS ? swaps : null,
                call.invoke(), ok ? call.complete() : Operation.NEVER, outcome);
    }
}
