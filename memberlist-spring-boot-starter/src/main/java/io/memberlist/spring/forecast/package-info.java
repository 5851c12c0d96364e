/**
 * {@code /actuator/memberlistforecast}: the simulator's forecast ({@code io.memberlist.sim.ForecastService}) for
 * this node's effective configuration and the current cluster size, with what-ifs (size, loss, latency) as
 * query parameters. The live view's Forecast panel reads it.
 *
 * <p>Depends on the core ({@code io.memberlist.sim}) and Boot's actuator only.
 */
package io.memberlist.spring.forecast;
