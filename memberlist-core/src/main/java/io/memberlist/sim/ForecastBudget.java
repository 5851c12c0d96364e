package io.memberlist.sim;

import java.time.Duration;

/**
 * How much a forecast may cost. A request is priced before it runs, from its worst case (every run to
 * its horizon, see {@link Forecaster#plan}); one that would exceed the budget is refused with a
 * {@link ForecastBudgetExceededException} rather than started. While running, the wall-clock limit is
 * enforced too, so a loaded machine fails the forecast cleanly instead of hanging its caller.
 *
 * <p>{@link #DEFAULT}: up to 1,000 members, 400,000 simulated member-seconds and 30 s of wall time. Runs stop
 * early once every member has seen their event, so the price is rarely paid: a healthy 1,000-member LAN
 * forecast is priced at 287,000 member-seconds, simulates 65,000 and takes about 9 s of CPU; 50 members
 * take well under a second. The simulator itself scales far beyond (see {@code Simulate}); raise the
 * budget for offline use.
 *
 * @param maxNodes             largest cluster size accepted
 * @param maxNodeSeconds       largest worst-case price, in simulated member-seconds
 * @param maxWall              longest wall-clock time a forecast may run
 */
public record ForecastBudget(int maxNodes, double maxNodeSeconds, Duration maxWall) {
    public static final ForecastBudget DEFAULT = new ForecastBudget(1_000, 400_000, Duration.ofSeconds(30));

    public ForecastBudget {
        if (maxNodes < 2 || !(maxNodeSeconds > 0) || maxWall.isNegative() || maxWall.isZero()) {
            throw new IllegalArgumentException("a forecast budget needs maxNodes >= 2 and positive limits");
        }
    }
}
