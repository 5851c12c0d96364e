package io.memberlist.spring.forecast;

import io.memberlist.Memberlist;
import io.memberlist.sim.Forecast;
import io.memberlist.sim.ForecastBudget;
import io.memberlist.sim.ForecastRequest;
import io.memberlist.sim.ForecastService;
import io.memberlist.sim.HeldForecasts;
import io.memberlist.spring.StarterContexts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The forecast endpoint: when it exists, what it forecasts by default, the what-ifs, and each refusal. */
class MemberlistForecastEndpointTests {
    private final ApplicationContextRunner runner = StarterContexts.runner()
            .withConfiguration(AutoConfigurations.of(MemberlistForecastAutoConfiguration.class));
    private final ApplicationContextRunner exposed = runner.withPropertyValues(
            "management.endpoints.web.exposure.include=memberlistforecast");

    @Test
    void notExposed_noEndpoint() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(MemberlistForecastEndpoint.class)
                .doesNotHaveBean(ForecastService.class));
    }

    @Test
    void exposedButMemberlistDisabled_noEndpoint() {
        exposed.withPropertyValues("memberlist.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(MemberlistForecastEndpoint.class));
    }

    @Test
    void exposedButEndpointSwitchedOff_noEndpoint() {
        exposed.withPropertyValues("management.endpoint.memberlistforecast.access=NONE")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(MemberlistForecastEndpoint.class));
    }

    @Test
    void defaults_theNodesOwnConfig_andTheClusterSize_atLeastTwo() {
        exposed.withPropertyValues("memberlist.probe-interval=3s").run(ctx -> {
            MemberlistForecastEndpoint endpoint = ctx.getBean(MemberlistForecastEndpoint.class);
            Memberlist memberlist = ctx.getBean(Memberlist.class);
            assertThat(memberlist.numMembers()).isEqualTo(1);
            ForecastRequest request = endpoint.request(null, null, null);
            assertThat(request.config()).isSameAs(memberlist.config());
            assertThat(request.config().probeInterval()).isEqualTo(Duration.ofSeconds(3));
            assertThat(request.nodes()).as("a lone node is forecast as a pair").isEqualTo(2);
            assertThat(request.conditions()).isEqualTo(ForecastRequest.Conditions.HEALTHY);

            WebEndpointResponse<Object> response = endpoint.forecast(null, null, null);
            assertThat(response.getStatus()).isEqualTo(200);
            Forecast forecast = (Forecast) response.getBody();
            assertThat(forecast).isEqualTo(ctx.getBean(ForecastService.class).forecast(request));
            assertThat(forecast.nodes()).isEqualTo(2);
            assertThat(forecast.crash().deadEverywhere().p50()).isPositive();
        });
    }

    @Test
    void whatIfs_applied() {
        exposed.run(ctx -> {
            MemberlistForecastEndpoint endpoint = ctx.getBean(MemberlistForecastEndpoint.class);
            ForecastRequest request = endpoint.request(7, 0.05, 40.0);
            assertThat(request.nodes()).isEqualTo(7);
            assertThat(request.conditions().loss()).isEqualTo(0.05);
            assertThat(request.conditions().latencyMs()).isEqualTo(40.0);
            Forecast forecast = (Forecast) endpoint.forecast(7, 0.05, 40.0).getBody();
            assertThat(forecast.nodes()).isEqualTo(7);
        });
    }

    @Test
    void invalidWhatIfs_400_sayingWhy() {
        exposed.run(ctx -> {
            MemberlistForecastEndpoint endpoint = ctx.getBean(MemberlistForecastEndpoint.class);
            assertRefused(endpoint.forecast(1, null, null), 400, "nodes must be at least 2");
            assertRefused(endpoint.forecast(null, 0.6, null), 400, "from 0 to 0.5, not 0.6");
            assertRefused(endpoint.forecast(null, -0.1, null), 400, "loss");
            assertRefused(endpoint.forecast(null, Double.NaN, null), 400, "loss");
            assertRefused(endpoint.forecast(null, null, -5.0), 400, "latency is the one-way delay");
        });
    }

    @Test
    void overTheBudget_400_withTheBudgetsMessage() {
        exposed.withBean(ForecastService.class, () -> new ForecastService(new ForecastBudget(10,
                        400_000, Duration.ofSeconds(30)), 4))
                .run(ctx -> assertRefused(ctx.getBean(MemberlistForecastEndpoint.class).forecast(11, null, null),
                        400, "a forecast of 11 nodes exceeds the budget of 10 nodes"));
    }

    @Test
    void whileAForecastRuns_anotherIsTurnedAway_429() {
        HeldForecasts held = new HeldForecasts();
        exposed.withBean(ForecastService.class, held::service).run(ctx -> {
            MemberlistForecastEndpoint endpoint = ctx.getBean(MemberlistForecastEndpoint.class);
            CompletableFuture<WebEndpointResponse<Object>> first =
                    CompletableFuture.supplyAsync(() -> endpoint.forecast(3, null, null));
            assertThat(held.awaitStarted(30)).isTrue();
            assertRefused(endpoint.forecast(4, null, null), 429, "a forecast is already running");
            held.release();
            assertThat(first.get(60, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
            assertThat(endpoint.forecast(3, null, null).getStatus()).as("cached now").isEqualTo(200);
        });
    }

    private static void assertRefused(WebEndpointResponse<Object> response, int status, String message) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getBody()).isInstanceOfSatisfying(MemberlistForecastEndpoint.Refusal.class,
                r -> assertThat(r.message()).contains(message));
    }
}
