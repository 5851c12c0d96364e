package io.memberlist.spring.raft.linearizability;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Wraps a correct register with the three ways a real call goes wrong, each still linearizable: the reply is
 * lost after the call took effect, the request is lost before it did, or the call is refused outright.
 */
final class FlakyRegister implements Register {
    /** A refusal the client can prove was not applied (classified as definitely failed). */
    static final class Refused extends RuntimeException {
        Refused() {
            super("refused before it was applied");
        }
    }

    /** The call may or may not have been applied. */
    static final class Lost extends RuntimeException {
        Lost() {
            super("no answer");
        }
    }

    private final Register inner;
    private final Random random;
    private final double lossRate;

    /** @param lossRate probability of each mishap (lost reply, lost request, refusal) per call */
    FlakyRegister(Register inner, long seed, double lossRate) {
        this.inner = inner;
        this.random = new Random(seed);
        this.lossRate = lossRate;
    }

    @Override
    public CompletableFuture<Long> read(String key) {
        return call(() -> inner.read(key));
    }

    @Override
    public CompletableFuture<Void> write(String key, long value) {
        return call(() -> inner.write(key, value));
    }

    @Override
    public CompletableFuture<Boolean> cas(String key, Long expected, long newValue) {
        return call(() -> inner.cas(key, expected, newValue));
    }

    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> applied) {
        double roll = random.nextDouble();
        if (roll < lossRate) {
            applied.get().join();
            return CompletableFuture.failedFuture(new Lost());
        }
        if (roll < 2 * lossRate) {
            return CompletableFuture.failedFuture(new Lost());
        }
        if (roll < 3 * lossRate) {
            return CompletableFuture.failedFuture(new Refused());
        }
        return applied.get();
    }
}
