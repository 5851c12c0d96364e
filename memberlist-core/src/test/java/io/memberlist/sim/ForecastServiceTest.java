package io.memberlist.sim;

import io.memberlist.Config;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Caching and one-at-a-time use of {@link ForecastService}, with a stand-in forecaster it controls. */
class ForecastServiceTest {
    private static final ForecastRequest A = ForecastRequest.of(Config.lan().name("a").build(), 10);
    private static final ForecastRequest B = A.withNodes(20);

    private final AtomicInteger runs = new AtomicInteger();

    private Forecast fake(ForecastRequest r) {
        runs.incrementAndGet();
        return new Forecast(r.nodes(), r.seed(), null, null, null, null, null, new Forecast.Cost(0, 0, 0));
    }

    @Test
    void secondRequest_whileOneRuns_isBusy_butCachedOnesAreServed() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ForecastService service = new ForecastService(ForecastBudget.DEFAULT, 4, (r, b) -> {
            if (r.nodes() == B.nodes()) {
                started.countDown();
                await(release);
            }
            return fake(r);
        });
        Forecast a = service.forecast(A);
        CompletableFuture<Forecast> slow = CompletableFuture.supplyAsync(() -> service.forecast(B));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(service.busy()).isTrue();

        assertThatThrownBy(() -> service.forecast(A.withSeed(9))).isInstanceOf(ForecastBusyException.class);
        assertThat(service.forecast(A)).isSameAs(a);

        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS).nodes()).isEqualTo(20);
        assertThat(service.busy()).isFalse();
        assertThat(service.forecast(A.withSeed(9)).seed()).isEqualTo(9);
    }

    @Test
    void equalRequests_runOnce_evenWithOtherConfigObjectsAndNames() {
        ForecastService service = new ForecastService(ForecastBudget.DEFAULT, 4, (r, b) -> fake(r));

        Forecast first = service.forecast(A);
        Forecast again = service.forecast(ForecastRequest.of(Config.lan().name("other-node").build(), 10));

        assertThat(again).isSameAs(first);
        assertThat(runs).hasValue(1);
        service.forecast(A.withLoss(0.01));
        assertThat(runs).hasValue(2);
    }

    @Test
    void cache_evictsTheLeastRecentlyUsed() {
        ForecastService service = new ForecastService(ForecastBudget.DEFAULT, 2, (r, b) -> fake(r));
        service.forecast(A);
        service.forecast(B);
        service.forecast(A); // A is now the most recently used
        service.forecast(A.withSeed(3)); // evicts B

        service.forecast(A);
        assertThat(runs).hasValue(3);
        service.forecast(B);
        assertThat(runs).hasValue(4);
    }

    @Test
    void failedForecast_releasesTheService() {
        ForecastService service = new ForecastService(ForecastBudget.DEFAULT, 2, (r, b) -> {
            throw new ForecastBudgetExceededException("too big", b);
        });

        assertThatThrownBy(() -> service.forecast(A)).isInstanceOf(ForecastBudgetExceededException.class);
        assertThat(service.busy()).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
