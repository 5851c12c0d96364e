package io.memberlist.spring.raft.linearizability;

import java.util.ArrayList;
import java.util.List;

/** Hand-written histories for tests; times are in milliseconds from 0. */
final class Ops {
    private static final long MS = 1_000_000;
    private final List<Operation> ops = new ArrayList<>();
    private String key = "k";

    Ops on(String key) {
        this.key = key;
        return this;
    }

    Ops write(int client, long value, long from, long to) {
        return add(client, Operation.Kind.WRITE, value, null, null, null, from, to, Operation.Outcome.OK);
    }

    Ops read(int client, Long value, long from, long to) {
        return add(client, Operation.Kind.READ, null, null, value, null, from, to, Operation.Outcome.OK);
    }

    Ops cas(int client, Long expected, long value, boolean swapped, long from, long to) {
        return add(client, Operation.Kind.CAS, value, expected, null, swapped, from, to, Operation.Outcome.OK);
    }

    Ops writeWithoutAnswer(int client, long value, long from) {
        return add(client, Operation.Kind.WRITE, value, null, null, null, from, -1, Operation.Outcome.INDETERMINATE);
    }

    Ops casWithoutAnswer(int client, Long expected, long value, long from) {
        return add(client, Operation.Kind.CAS, value, expected, null, null, from, -1, Operation.Outcome.INDETERMINATE);
    }

    Ops writeFailed(int client, long value, long from) {
        return add(client, Operation.Kind.WRITE, value, null, null, null, from, -1, Operation.Outcome.FAILED);
    }

    private Ops add(int client, Operation.Kind kind, Long argument, Long expected, Long returned, Boolean swapped,
                    long from, long to, Operation.Outcome outcome) {
        long complete = outcome == Operation.Outcome.OK ? to * MS : Operation.NEVER;
        ops.add(new Operation(ops.size(), client, key, kind, argument, expected, returned, swapped, from * MS,
                complete, outcome));
        return this;
    }

    /** The operation added last, to name a culprit in an assertion. */
    Operation last() {
        return ops.get(ops.size() - 1);
    }

    List<Operation> all() {
        return List.copyOf(ops);
    }
}
