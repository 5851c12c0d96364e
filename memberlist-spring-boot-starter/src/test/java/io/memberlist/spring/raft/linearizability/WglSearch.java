package io.memberlist.spring.raft.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
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
 * out, meaning they never took effect.
 */
final class WglSearch {
    /** How many states of the furthest blocked operation to keep for the explanation. */
    private static final int STATES_KEPT = 8;

    /**
     * @param blockedAt     the operation at whose return the search got furthest without linearizing it;
     *                      {@code null} unless {@link Verdict#NOT_LINEARIZABLE}
     * @param statesThere   register states in which the search stood at that return
     */
    record Result(Verdict verdict, long steps, Operation blockedAt, Set<Long> statesThere) {
    }

    private final List<Operation> ops;
    private final int[] entryOp;
    private final boolean[] isCall;
    private final int[] returnOf;
    private final int[] next;
    private final int[] prev;
    private final int head;

    WglSearch(List<Operation> ops) {
        this.ops = ops;
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

    private record Reached(BitSet linearized, Long state) {
    }

    Result run(Long initial, long budget) {
        int required = (int) ops.stream().filter(Operation::required).count();
        BitSet linearized = new BitSet(ops.size());
        Set<Reached> reached = new HashSet<>();
        int[] chosen = new int[ops.size()];
        Long[] before = new Long[ops.size()];
        int depth = 0;
        int done = 0;
        Long state = initial;
        int furthest = -1;
        Set<Long> statesThere = new LinkedHashSet<>();
        long steps = 0;
        int entry = next[head];
        while (done < required) {
            if (++steps > budget) {
                return new Result(Verdict.UNKNOWN, steps, null, Set.of());
            }
            if (entry == head) {
                throw new IllegalStateException("required operations left but none in the list");
            }
            int op = entryOp[entry];
            if (isCall[entry]) {
                Object after = RegisterModel.step(state, ops.get(op));
                if (after != RegisterModel.IMPOSSIBLE) {
                    linearized.set(op);
                    if (reached.add(new Reached((BitSet) linearized.clone(), (Long) after))) {
                        chosen[depth] = entry;
                        before[depth++] = state;
                        state = (Long) after;
                        lift(entry);
                        done += ops.get(op).required() ? 1 : 0;
                        entry = next[head];
                        continue;
                    }
                    linearized.clear(op);
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
            state = before[depth];
            linearized.clear(entryOp[undone]);
            unlift(undone);
            done -= ops.get(entryOp[undone]).required() ? 1 : 0;
            entry = next[undone];
        }
        return new Result(Verdict.LINEARIZABLE, steps, null, Set.of());
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
