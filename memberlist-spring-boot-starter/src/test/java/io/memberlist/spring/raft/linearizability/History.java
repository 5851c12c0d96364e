package io.memberlist.spring.raft.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A thread-safe recorder of register calls. A client calls {@code invoke...} just before sending and one of the
 * {@link Pending} methods as soon as it hears back (or gives up). A call never answered by the time
 * {@link #operations()} is read counts as {@link Operation.Outcome#INDETERMINATE}.
 *
 * <pre>{@code
 * Pending call = history.invokeWrite(client, "k", 7);
 * try { register.write("k", 7).get(1, SECONDS); call.writeOk(); }
 * catch (TimeoutException e) { call.indeterminate(); }
 * }</pre>
 */
public final class History {
    private final LongSupplier clock;
    private final AtomicInteger ids = new AtomicInteger();
    /** Slots in invocation order; each filled once by its {@link Pending}. */
    private final List<Pending> calls = new ArrayList<>();

    public History() {
        this(System::nanoTime);
    }

    /** With a clock of the caller's choosing: tests that write histories by hand use a counter. */
    public History(LongSupplier clock) {
        this.clock = clock;
    }

    public Pending invokeRead(int client, String key) {
        return invoke(client, key, Operation.Kind.READ, null, null);
    }

    public Pending invokeWrite(int client, String key, long value) {
        return invoke(client, key, Operation.Kind.WRITE, value, null);
    }

    public Pending invokeCas(int client, String key, Long expected, long newValue) {
        return invoke(client, key, Operation.Kind.CAS, newValue, expected);
    }

    private Pending invoke(int client, String key, Operation.Kind kind, Long argument, Long expected) {
        Pending call;
        synchronized (calls) {
            // The id and the invocation time are taken together so ids follow invocation order.
            call = new Pending(ids.getAndIncrement(), client, key, kind, argument, expected, clock.getAsLong());
            calls.add(call);
        }
        return call;
    }

    /** Every call recorded so far, in invocation order; unanswered ones as indeterminate. */
    public List<Operation> operations() {
        List<Operation> result = new ArrayList<>();
        synchronized (calls) {
            for (Pending call : calls) {
                result.add(call.operation());
            }
        }
        result.sort(Comparator.comparingInt(Operation::id));
        return result;
    }

    public int size() {
        synchronized (calls) {
            return calls.size();
        }
    }

    /** One call in flight; exactly one of its methods should be called, once. */
    public final class Pending {
        private final Operation invoked;
        private final AtomicReference<Operation> completed = new AtomicReference<>();

        private Pending(int id, int client, String key, Operation.Kind kind, Long argument, Long expected,
                        long invokeNanos) {
            this.invoked = new Operation(id, client, key, kind, argument, expected, null, null, invokeNanos,
                    Operation.NEVER, Operation.Outcome.INDETERMINATE);
        }

        public void readOk(Long value) {
            complete(Operation.Kind.READ, value, null, Operation.Outcome.OK);
        }

        public void writeOk() {
            complete(Operation.Kind.WRITE, null, null, Operation.Outcome.OK);
        }

        public void casOk(boolean swapped) {
            complete(Operation.Kind.CAS, null, swapped, Operation.Outcome.OK);
        }

        /** Definitely not applied and never will be; see {@link Operation.Outcome#FAILED} before using it. */
        public void failed() {
            complete(invoked.kind(), null, null, Operation.Outcome.FAILED);
        }

        /** Unknown whether it took effect (timeout, lost connection, server gone after receiving it). */
        public void indeterminate() {
            complete(invoked.kind(), null, null, Operation.Outcome.INDETERMINATE);
        }

        private void complete(Operation.Kind kind, Long returned, Boolean swapped, Operation.Outcome outcome) {
            long now = clock.getAsLong();
            if (kind != invoked.kind()) {
                throw new IllegalStateException("a " + invoked.kind() + " cannot complete as a " + kind);
            }
            Operation done = new Operation(invoked.id(), invoked.client(), invoked.key(), kind, invoked.argument(),
                    invoked.expected(), returned, swapped, invoked.invokeNanos(),
                    outcome == Operation.Outcome.OK ? now : Operation.NEVER, outcome);
            if (!completed.compareAndSet(null, done)) {
                throw new IllegalStateException("completed twice: " + completed.get().describe());
            }
        }

        Operation operation() {
            Operation done = completed.get();
            return done != null ? done : invoked;
        }
    }
}
