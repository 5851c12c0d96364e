package io.memberlist.sim;

/**
 * Another forecast is running on this {@link ForecastService}: forecasts are heavy, so one runs at a time
 * and a second is turned away at once rather than queued. Retry later; cached results are served even
 * while busy.
 */
public final class ForecastBusyException extends RuntimeException {
    ForecastBusyException() {
        super("another forecast is running; retry when it is done");
    }
}
