package io.memberlist.spring.raft.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Concurrent clients doing a random mix of reads, writes and compare-and-sets against a {@link Register},
 * recording every call into a {@link History}. Each client is a thread; it waits for each answer up to the call
 * timeout, then records the call as without an answer and moves on (the call may still take effect later).
 *
 * <p>Every written value is unique in the run ({@code client * 1e9 + sequence}), so an explanation can name the
 * one write a stale value came from. A CAS expects the value its client last saw on that key, so some succeed.
 *
 * @param clients      number of client threads
 * @param keys         number of registers ({@code k0}, {@code k1}, ...); more keys keep each key's search small
 * @param opsPerClient calls each client makes (stopping early at the deadline)
 * @param maxDuration  the run ends when this passes, whatever the count
 * @param callTimeout  how long a client waits for one answer
 * @param definitelyFailed which failures prove the call did not and will not take effect (e.g. a refusal before
 *                     sending); every other failure, and every timeout, is recorded as indeterminate
 * @param seed         the run's random choices (not the thread interleaving) replay from it
 */
public record Workload(int clients, int keys, int opsPerClient, Duration maxDuration, Duration callTimeout,
                       Predicate<Throwable> definitelyFailed, long seed) {

    /** 4 clients, 2 keys, 200 calls each, at most 30 s, 2 s per call, every failure indeterminate. */
    public static Workload defaults(long seed) {
        return new Workload(4, 2, 200, Duration.ofSeconds(30), Duration.ofSeconds(2), failure -> false, seed);
    }

    public Workload withClients(int clients) {
        return new Workload(clients, keys, opsPerClient, maxDuration, callTimeout, definitelyFailed, seed);
    }

    public Workload withKeys(int keys) {
        return new Workload(clients, keys, opsPerClient, maxDuration, callTimeout, definitelyFailed, seed);
    }

    public Workload withOpsPerClient(int opsPerClient) {
        return new Workload(clients, keys, opsPerClient, maxDuration, callTimeout, definitelyFailed, seed);
    }

    public Workload withMaxDuration(Duration maxDuration) {
        return new Workload(clients, keys, opsPerClient, maxDuration, callTimeout, definitelyFailed, seed);
    }

    public Workload withCallTimeout(Duration callTimeout) {
        return new Workload(clients, keys, opsPerClient, maxDuration, callTimeout, definitelyFailed, seed);
    }

    public Workload withDefinitelyFailed(Predicate<Throwable> definitelyFailed) {
        return new Workload(clients, keys, opsPerClient, maxDuration, callTimeout, definitelyFailed, seed);
    }

    /** Runs every client to the end (count or deadline) and returns what they recorded. */
    public History run(Register register) throws InterruptedException {
        History history = new History();
        long deadline = System.nanoTime() + maxDuration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Client client = new Client(c, register, history, new Random(seed * 31 + c), deadline);
            Thread thread = new Thread(client::run, "lincheck-client-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return history;
    }

    private final class Client {
        private final int id;
        private final Register register;
        private final History history;
        private final Random random;
        private final long deadline;
        private final Map<String, Long> lastSeen = new HashMap<>();
        private long sequence;

        Client(int id, Register register, History history, Random random, long deadline) {
            this.id = id;
            this.register = register;
            this.history = history;
            this.random = random;
            this.deadline = deadline;
        }

        void run() {
            for (int i = 0; i < opsPerClient && System.nanoTime() < deadline
                    && !Thread.currentThread().isInterrupted(); i++) {
                String key = "k" + random.nextInt(keys);
                int pick = random.nextInt(10);
                if (pick < 4) {
                    read(key);
                } else if (pick < 7) {
                    write(key);
                } else {
                    cas(key);
                }
            }
        }

        private long freshValue() {
            return id * 1_000_000_000L + ++sequence;
        }

        private void read(String key) {
            History.Pending call = history.invokeRead(id, key);
            await(register.read(key), call, value -> {
                call.readOk(value);
                lastSeen.put(key, value);
            });
        }

        private void write(String key) {
            long value = freshValue();
            History.Pending call = history.invokeWrite(id, key, value);
            await(register.write(key, value), call, ignored -> call.writeOk());
        }

        private void cas(String key) {
            Long expected = lastSeen.get(key);
            long value = freshValue();
            History.Pending call = history.invokeCas(id, key, expected, value);
            await(register.cas(key, expected, value), call, swapped -> {
                call.casOk(swapped);
                if (swapped) {
                    lastSeen.put(key, value);
                }
            });
        }

        private <T> void await(CompletableFuture<T> answer, History.Pending call, Consumer<T> ok) {
            try {
                ok.accept(answer.get(callTimeout.toNanos(), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                call.indeterminate();
            } catch (ExecutionException e) {
                if (definitelyFailed.test(e.getCause())) {
                    call.failed();
                } else {
                    call.indeterminate();
                }
            } catch (InterruptedException e) {
                call.indeterminate();
                Thread.currentThread().interrupt();
            }
        }
    }
}
