package io.memberlist.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Runs one node's application callbacks (delegates) off the event loop, one at a time and in the order
 * they were posted, on a pool all nodes share: a node costs no thread of its own. The backlog is bounded;
 * past {@link #BACKLOG_MAX} callbacks are dropped and counted, so a stuck delegate cannot exhaust memory.
 */
final class CallbackDispatcher {
    static final int BACKLOG_MAX = 65_536;
    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "memberlist-callbacks-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final ArrayDeque<Runnable> backlog = new ArrayDeque<>();
    private final LongAdder dropped;
    private boolean draining;

    CallbackDispatcher(LongAdder dropped) {
        this.dropped = dropped;
    }

    /** Posts {@code callback}; it runs after every callback posted before it. */
    void execute(Runnable callback) {
        synchronized (backlog) {
            if (backlog.size() >= BACKLOG_MAX) {
                dropped.increment();
                return;
            }
            backlog.add(callback);
            if (draining) {
                return;
            }
            draining = true;
        }
        POOL.execute(this::drain);
    }

    /** Posts {@code supplier} and completes with its result (or its failure). */
    <T> CompletableFuture<T> submit(Supplier<T> supplier) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(supplier.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (backlog) {
                next = backlog.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (Throwable t) {
                log.warn("memberlist delegate threw; continuing with the next callback", t);
            }
        }
    }
}
