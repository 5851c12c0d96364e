package io.memberlist.sim;

import io.memberlist.Config;
import io.memberlist.delegate.EventDelegate;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The forecast API: deterministic, within its budget, and honest about what it measured. */
class ForecastTest {
    /** Config.local() timings: a 12-node forecast is a fraction of a second of wall time. */
    private static final ForecastRequest SMALL = ForecastRequest.of(Config.local().name("me").build(), 12);

    @Test
    void sameRequest_sameForecast_apartFromItsCost() {
        Forecast a = Forecaster.run(SMALL, ForecastBudget.DEFAULT);
        Forecast b = Forecaster.run(SMALL, ForecastBudget.DEFAULT);

        assertThat(withoutWall(a)).isEqualTo(withoutWall(b));
        assertThat(withoutWall(Forecaster.run(SMALL.withSeed(2), ForecastBudget.DEFAULT)))
                .isNotEqualTo(withoutWall(a));
    }

    @Test
    void healthyCluster_everyMemberSeesEveryEvent_andNoFalseAlarm() {
        Forecast f = Forecaster.run(SMALL, ForecastBudget.DEFAULT);

        assertThat(f.join().reached()).isEqualTo(f.join().expected()).isEqualTo(12);
        assertThat(f.crash().deadEverywhere().reached()).isEqualTo(f.crash().deadEverywhere().expected());
        assertThat(f.crash().deadAfterS()).hasSize(f.crash().deadEverywhere().expected()).isSorted();
        assertThat(f.crash().trials()).isEqualTo(5); // ceil(100 / 11) capped at 5
        // The crashed member is suspected before anyone declares it dead.
        assertThat(f.crash().firstSuspicion().max()).isLessThan(f.crash().deadEverywhere().p50());
        assertThat(f.leave().left().reached()).isEqualTo(f.leave().left().expected());
        assertThat(f.leave().seenDead()).isZero();
        assertThat(f.falseAlarms().suspicions()).isZero();
        assertThat(f.traffic().bytesPerNodePerS()).isPositive();
        assertThat(f.cost().simulatedNodeSeconds()).isLessThanOrEqualTo(Forecaster.plan(SMALL).nodeSeconds());
    }

    @Test
    void packetLoss_raisesFalseSuspicions() {
        Forecast lossy = Forecaster.run(SMALL.withLoss(0.2), ForecastBudget.DEFAULT);

        assertThat(lossy.falseAlarms().suspicions()).isPositive();
        assertThat(lossy.falseAlarms().suspicionsPerNodeHour())
                .isEqualTo(lossy.falseAlarms().suspicions() / lossy.falseAlarms().nodeHours());
    }

    @Test
    void tooManyNodes_refusedBeforeRunning() {
        ForecastBudget budget = new ForecastBudget(10, 1e9, Duration.ofMinutes(1));

        assertThatThrownBy(() -> Forecaster.run(SMALL, budget))
                .isInstanceOf(ForecastBudgetExceededException.class)
                .hasMessageContaining("12 nodes exceeds the budget of 10 nodes");
    }

    @Test
    void tooManyNodeSeconds_refusedWithThePrice() {
        double price = Forecaster.plan(SMALL).nodeSeconds();
        ForecastBudget budget = new ForecastBudget(1_000, price - 1, Duration.ofMinutes(1));

        assertThatThrownBy(() -> Forecaster.run(SMALL, budget))
                .isInstanceOf(ForecastBudgetExceededException.class)
                .hasMessageContaining("node-seconds")
                .satisfies(e -> assertThat(((ForecastBudgetExceededException) e).budget()).isEqualTo(budget));
        assertThat(Forecaster.run(SMALL, new ForecastBudget(1_000, price, Duration.ofMinutes(1)))).isNotNull();
    }

    @Test
    void wallClockExhausted_stopsTheRun() {
        ForecastBudget budget = new ForecastBudget(1_000, 1e9, Duration.ofNanos(1));

        assertThatThrownBy(() -> Forecaster.run(SMALL, budget))
                .isInstanceOf(ForecastBudgetExceededException.class)
                .hasMessageContaining("wall time");
    }

    @Test
    void delegatesAndAddressFilters_ofTheCallersConfig_doNotReachTheSimulation() {
        EventDelegate shouting = new EventDelegate() {
            @Override
            public void notifyJoin(io.memberlist.Node node) {
                throw new AssertionError("the application's delegate was called by the simulator");
            }
        };
        Config effective = Config.local().name("me").events(shouting).cidrsAllowed(java.util.List.of("192.168.0.0/16"))
                .build();

        Forecast f = Forecaster.run(ForecastRequest.of(effective, 12), ForecastBudget.DEFAULT);

        assertThat(withoutWall(f)).isEqualTo(withoutWall(Forecaster.run(SMALL, ForecastBudget.DEFAULT)));
    }

    static Forecast withoutWall(Forecast f) {
        Forecast.Cost c = f.cost();
        return new Forecast(f.nodes(), f.seed(), f.join(), f.crash(), f.leave(), f.traffic(), f.falseAlarms(),
                new Forecast.Cost(c.simulatedNodeSeconds(), c.events(), 0));
    }
}
