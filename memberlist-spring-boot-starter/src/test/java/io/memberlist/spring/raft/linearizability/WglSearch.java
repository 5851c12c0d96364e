package io.memberlist.spring.raft.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Wing &amp; Gong search with Lowe's improvements, over the operations on one register.
 *
 * <p>Calls and returns are kept in one time-ordered doubly linked list. The search walks it from the front: at a
 * call it tries to linearize that operation next (it is minimal: no unlinearized operation returned before it was
 * invoked); if the model accepts it and the pair (set of linearized operations, register state) was never reached
 * before, the operation is lifted out of the list and the walk restarts from the front. Reaching a return means
 * that operation had to be linearized already, so the last choice is undone. The memo of reached pairs (Lowe)
 * is what keeps the search polynomial in practice.
 *
 * <p>Indeterminate operations return at {@link Operation#NEVER}, so they never force anything; the search
 * succeeds as soon as every required (completed) operation is linearized, so indeterminate ones may also be left
 * out, meaning they never took effect. Two reductions keep many of them from multiplying the states by all
 * their subsets: values that unanswered calls write and no call reads back collapse into
 * {@link RegisterModel#UNREAD}; and a configuration is pruned when one with the same required operations done
 * and the same state, but a subset of the indeterminate ones used, was reached before (it can do everything
 * this one can, as indeterminate operations are optional and never block).
 */
final class WglSearch {
    /** How many states of the furthest blocked operation to keep for the explanation. */
    private static final int STATES_KEPT = 8;

    /**
     * @param blockedAt     the operation at whose return the search got furthest without linearizing it;
     *                      {@code null} unless {@link Verdict#NOT_LINEARIZABLE}
     * @param statesThere   register states in which the search stood at that return
     */
    record Result(Verdict verdict, long steps, Operation blockedAt, Set<Object> statesThere) {
    }

    private final List<Operation> ops;
    /** What each operation writes, with unread values of unanswered calls as {@link RegisterModel#UNREAD}. */
    private final Object[] written;
    private final int[] entryOp;
    private final boolean[] isCall;
    private final int[] returnOf;
    private final int[] next;
    private final int[] prev;
    private final int head;

    WglSearch(List<Operation> ops) {
        this.ops = ops;
        this.written = written(ops);
        int entries = 2 * ops.size();
        record Entry(long time, boolean call, int op) {
        }
        List<Entry> sorted = new ArrayList<>(entries);
        for (int i = 0; i < ops.size(); i++) {
            sorted.add(new Entry(ops.get(i).invokeNanos(), true, i));
            sorted.add(new Entry(ops.get(i).completeNanos(), false, i));
        }
        // At equal times calls come first: such operations are taken as concurrent, the permissive reading.
        sorted.sort(Comparator.comparingLong(Entry::time).thenComparing(e -> !e.call()));
        entryOp = new int[entries];
        isCall = new boolean[entries];
        returnOf = new int[ops.size()];
        next = new int[entries + 1];
        prev = new int[entries + 1];
        head = entries;
        for (int e = 0; e < entries; e++) {
            entryOp[e] = sorted.get(e).op();
            isCall[e] = sorted.get(e).call();
            if (!isCall[e]) {
                returnOf[entryOp[e]] = e;
            }
            next[e] = e + 1;
            prev[e] = e == 0 ? head : e - 1;
        }
        next[head] = entries == 0 ? head : 0;
        prev[head] = entries == 0 ? head : entries - 1;
        if (entries > 0) {
            next[entries - 1] = head;
        }
    }

    private static Object[] written(List<Operation> ops) {
        Set<Long> observed = new HashSet<>();
        for (Operation op : ops) {
            if (op.kind() == Operation.Kind.READ) {
                observed.add(op.returned());
            } else if (op.kind() == Operation.Kind.CAS) {
                observed.add(op.expected());
            }
        }
        Object[] written = new Object[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            Long value = ops.get(i).argument();
            written[i] = !ops.get(i).required() && !observed.contains(value) ? RegisterModel.UNREAD : value;
        }
        return written;
    }

    /** Required operations done and the register state; the indeterminate ones used are compared by subset. */
    private record Reached(BitSet required, Object state) {
    }

    Result run(Long initial, long budget) {
        int required = (int) ops.stream().filter(Operation::required).count();
        BitSet requiredDone = new BitSet(ops.size());
        BitSet optionalUsed = new BitSet(ops.size());
        Map<Reached, List<BitSet>> reached = new HashMap<>();
        int[] chosen = new int[ops.size()];
        Object[] before = new Object[ops.size()];
        int depth = 0;
        Object state = initial;
        int furthest = -1;
        Set<Object> statesThere = new LinkedHashSet<>();
        long steps = 0;
        int entry = next[head];
        while (requiredDone.cardinality() < required) {
            if (++steps > budget) {
                return new Result(Verdict.UNKNOWN, steps, null, Set.of());
            }
            if (entry == head) {
                throw new IllegalStateException("required operations left but none in the list");
            }
            int op = entryOp[entry];
            if (isCall[entry]) {
                Object after = RegisterModel.step(state, ops.get(op), written[op]);
                BitSet used = ops.get(op).required() ? requiredDone : optionalUsed;
                if (after != RegisterModel.IMPOSSIBLE) {
                    used.set(op);
                    if (firstReached(reached, requiredDone, optionalUsed, after)) {
                        chosen[depth] = entry;
                        before[depth++] = state;
                        state = after;
                        lift(entry);
                        entry = next[head];
                        continue;
                    }
                    used.clear(op);
                }
                entry = next[entry];
                continue;
            }
            // A return of an operation not yet linearized: every order extending the current prefix is wrong.
            if (entry > furthest) {
                furthest = entry;
                statesThere.clear();
            }
            if (entry == furthest && statesThere.size() < STATES_KEPT) {
                statesThere.add(state);
            }
            if (depth == 0) {
                return new Result(Verdict.NOT_LINEARIZABLE, steps, ops.get(entryOp[furthest]), statesThere);
            }
            int undone = chosen[--depth];
            int undoneOp = entryOp[undone];
            state = before[depth];
            (ops.get(undoneOp).required() ? requiredDone : optionalUsed).clear(undoneOp);
            unlift(undone);
            entry = next[undone];
        }
        return new Result(Verdict.LINEARIZABLE, steps, null, Set.of());
    }

    /** Records the configuration unless one that can do at least as much was reached before. */
    private static boolean firstReached(Map<Reached, List<BitSet>> reached, BitSet requiredDone, BitSet optionalUsed,
                                        Object state) {
        List<BitSet> usedBefore = reached.computeIfAbsent(new Reached((BitSet) requiredDone.clone(), state),
                k -> new ArrayList<>(1));
        for (BitSet earlier : usedBefore) {
            if (isSubset(earlier, optionalUsed)) {
                return false;
            }
        }
        usedBefore.add((BitSet) optionalUsed.clone());
        return true;
    }

    private static boolean isSubset(BitSet small, BitSet large) {
        for (int i = small.nextSetBit(0); i >= 0; i = small.nextSetBit(i + 1)) {
            if (!large.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Removes an operation's call and return from the list; both keep their links so {@link #unlift} restores them. */
    private void lift(int call) {
        unlink(call);
        unlink(returnOf[entryOp[call]]);
    }

    private void unlift(int call) {
        relink(returnOf[entryOp[call]]);
        relink(call);
    }

    private void unlink(int e) {
        next[prev[e]] = next[e];
        prev[next[e]] = prev[e];
    }

    private void relink(int e) {
        next[prev[e]] = e;
        prev[next[e]] = e;
    }
}
