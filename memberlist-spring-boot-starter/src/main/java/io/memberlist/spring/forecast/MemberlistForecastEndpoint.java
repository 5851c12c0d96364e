package io.memberlist.spring.forecast;

import io.memberlist.Memberlist;
import io.memberlist.sim.Forecast;
import io.memberlist.sim.ForecastBudgetExceededException;
import io.memberlist.sim.ForecastBusyException;
import io.memberlist.sim.ForecastRequest;
import io.memberlist.sim.ForecastService;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /actuator/memberlistforecast[?nodes=50&loss=0.02&latency=20]}: what the simulator predicts for
 * this node's effective {@code Config} (crash detection, leave, join, traffic, false alarms), for the current
 * cluster size unless {@code nodes} asks for another, on a healthy network unless {@code loss} (a probability,
 * 0 to 0.5) or {@code latency} (one-way, in ms) say otherwise. The JSON is the {@link Forecast} record.
 *
 * <p>Answers: 200 with the forecast; 400 with a {@link Refusal} for invalid what-ifs or a request over the
 * {@link ForecastService}'s budget; 429 while another forecast runs (one at a time; cached ones are still
 * served); 503 if the forecast did not finish in time.
 *
 * <p>The forecast runs on this endpoint's own threads, never on the caller's (which may be a WebFlux event
 * loop) nor memberlist's: at most two, so at most one computes (the service's single permit) while the other
 * serves cached answers and refusals; more concurrent requests are told "busy" rather than queued.
 */
@Endpoint(id = "memberlistforecast")
public class MemberlistForecastEndpoint implements AutoCloseable {
    /** Loss above this is a network that is down rather than lossy; the simulator's answers mean little there. */
    static final double MAX_LOSS = 0.5;
    /** One-way latency above 10 s is no network memberlist can run on. */
    static final double MAX_LATENCY_MS = 10_000;
    static final String BUSY = "a forecast is already running; try again in a few seconds";
    /** Beyond the budget's own wall-time limit, which the forecaster enforces: a margin for a busy machine. */
    private static final Duration WAIT_MARGIN = Duration.ofSeconds(10);

    private final Memberlist memberlist;
    private final ForecastService forecasts;
    private final ThreadPoolExecutor executor;

    /** Why a forecast was not returned, as JSON: {@code {"message": "..."}}. */
    public record Refusal(String message) {
    }

    public MemberlistForecastEndpoint(Memberlist memberlist, ForecastService forecasts) {
        this.memberlist = memberlist;
        this.forecasts = forecasts;
        this.executor = new ThreadPoolExecutor(0, 2, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "memberlist-forecast");
            t.setDaemon(true);
            return t;
        });
    }

    @ReadOperation
    public WebEndpointResponse<Object> forecast(@Nullable Integer nodes, @Nullable Double loss,
                                                @Nullable Double latency) {
        ForecastRequest request;
        try {
            request = request(nodes, loss, latency);
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage(), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        Future<Forecast> running;
        try {
            running = executor.submit(() -> forecasts.forecast(request));
        } catch (RejectedExecutionException e) {
            return refuse(BUSY, WebEndpointResponse.STATUS_TOO_MANY_REQUESTS);
        }
        try {
            return new WebEndpointResponse<>(running.get(
                    forecasts.budget().maxWall().plus(WAIT_MARGIN).toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return refusal(e.getCause());
        } catch (TimeoutException e) {
            return refuse("the forecast did not finish within its time budget; the machine is busy",
                    WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return refuse("interrupted", WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
    }

    /** The request for this node's effective settings and the current size, with the what-ifs applied. */
    ForecastRequest request(@Nullable Integer nodes, @Nullable Double loss, @Nullable Double latency) {
        // A forecast needs someone to detect a crash: a lone node is forecast as a pair.
        int n = nodes != null ? nodes : Math.max(2, memberlist.numMembers());
        if (n < 2) {
            throw new IllegalArgumentException("nodes must be at least 2 (a forecast needs a member to watch"
                    + " another), not " + n);
        }
        ForecastRequest request = ForecastRequest.of(memberlist.config(), n);
        if (loss != null) {
            if (!(loss >= 0 && loss <= MAX_LOSS)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "loss is the probability that a packet is lost, from 0 to %.1f, not %s", MAX_LOSS, loss));
            }
            request = request.withLoss(loss);
        }
        if (latency != null) {
            if (!(latency >= 0 && latency <= MAX_LATENCY_MS)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "latency is the one-way delay in milliseconds, from 0 to %.0f, not %s", MAX_LATENCY_MS,
                        latency));
            }
            request = request.withLatency(latency, request.conditions().jitterMs());
        }
        return request;
    }

    private static WebEndpointResponse<Object> refusal(Throwable cause) {
        if (cause instanceof ForecastBusyException) {
            return refuse(BUSY, WebEndpointResponse.STATUS_TOO_MANY_REQUESTS);
        }
        if (cause instanceof ForecastBudgetExceededException || cause instanceof IllegalArgumentException) {
            return refuse(cause.getMessage(), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        throw new IllegalStateException("the forecast failed", cause);
    }

    private static WebEndpointResponse<Object> refuse(String message, int status) {
        return new WebEndpointResponse<>(new Refusal(message), status);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
