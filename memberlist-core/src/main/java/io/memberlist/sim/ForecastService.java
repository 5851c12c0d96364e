package io.memberlist.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;

/**
 * The way to ask for forecasts from a running application: thread-safe, caches results, and runs one
 * forecast at a time.
 * <ul>
 *   <li>Cache: the last {@code cacheSize} distinct requests (least recently used evicted), keyed by what
 *       shapes the forecast: the configuration's protocol settings, size, conditions and seed. A forecast
 *       is deterministic, so a cached one is exactly what a new run would return (apart from its cost).</li>
 *   <li>Busy: a forecast occupies a core for seconds, so only one runs at a time; a request that is not
 *       cached while another runs gets a {@link ForecastBusyException} at once, never a queue that a
 *       reloading page could grow without bound.</li>
 *   <li>Budget: every run is priced against this service's {@link ForecastBudget} first.</li>
 * </ul>
 */
public final class ForecastService {
    /** Distinct forecasts kept by {@link #ForecastService()}. */
    public static final int DEFAULT_CACHE_SIZE = 32;

    private final ForecastBudget budget;
    private final Semaphore running = new Semaphore(1);
    private final Map<Object, Forecast> cache;
    private final BiFunction<ForecastRequest, ForecastBudget, Forecast> forecaster;

    public ForecastService() {
        this(ForecastBudget.DEFAULT, DEFAULT_CACHE_SIZE);
    }

    public ForecastService(ForecastBudget budget, int cacheSize) {
        this(budget, cacheSize, Forecaster::run);
    }

    /** With another way to compute forecasts: tests hold one open to observe a busy service. */
    ForecastService(ForecastBudget budget, int cacheSize,
                    BiFunction<ForecastRequest, ForecastBudget, Forecast> forecaster) {
        this.forecaster = forecaster;
        if (cacheSize < 1) {
            throw new IllegalArgumentException("cacheSize must be at least 1, not " + cacheSize);
        }
        this.budget = budget;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Forecast> eldest) {
                return size() > cacheSize;
            }
        };
    }

    public ForecastBudget budget() {
        return budget;
    }

    /** The worst-case price of {@code request}, to check against {@link #budget()} before asking. */
    public Forecaster.Plan plan(ForecastRequest request) {
        return Forecaster.plan(request);
    }

    /**
     * The forecast for {@code request}, from the cache or by running it now.
     *
     * @throws ForecastBusyException           another forecast is running
     * @throws ForecastBudgetExceededException the request costs more than the budget allows
     */
    public Forecast forecast(ForecastRequest request) {
        Object key = request.key();
        Forecast cached = cached(key);
        if (cached != null) {
            return cached;
        }
        if (!running.tryAcquire()) {
            throw new ForecastBusyException();
        }
        try {
            cached = cached(key); // a forecast that finished since the first look
            if (cached != null) {
                return cached;
            }
            Forecast f = forecaster.apply(request, budget);
            synchronized (cache) {
                cache.put(key, f);
            }
            return f;
        } finally {
            running.release();
        }
    }

    /** Whether a forecast is running now. */
    public boolean busy() {
        return running.availablePermits() == 0;
    }

    private Forecast cached(Object key) {
        synchronized (cache) {
            return cache.get(key);
        }
    }
}
