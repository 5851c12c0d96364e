package io.memberlist.sim;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ForecastService} whose forecasts wait for {@link #release()}, so a test can observe the service busy.
 * In the core's package because the service's injectable constructor is package-private on purpose.
 */
public final class HeldForecasts {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final ForecastService service = new ForecastService(ForecastBudget.DEFAULT, 4, (request, budget) -> {
        started.countDown();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Forecaster.run(request, budget);
    });

    public ForecastService service() {
        return service;
    }

    /** Waits until a forecast holds the service's permit. */
    public boolean awaitStarted(long seconds) throws InterruptedException {
        return started.await(seconds, TimeUnit.SECONDS);
    }

    public void release() {
        released.countDown();
    }
}
