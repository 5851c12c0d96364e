package io.memberlist.sim;

import java.util.List;

/**
 * What the simulator predicts for a {@link ForecastRequest}: plain records of numbers and lists, so it
 * serialises as is (e.g. with Jackson). Times are seconds from the event (a crash, a leave,
 * a join) as doubles; a {@link Distribution} is over the other members, each counted once, and its upper
 * percentiles are null when some members never saw the event within the forecast's horizon.
 *
 * @param nodes           the cluster size forecast
 * @param seed            the seed: the same request and seed give the same forecast
 * @param join            how long until every member sees a new node alive (it joins through one member)
 * @param crash           how long until a crashed member is suspected, then declared dead everywhere
 * @param leave           how long until every member sees a graceful leave
 * @param traffic         what each member sends in a steady cluster
 * @param falseAlarms     suspicions and deaths of healthy members under the requested conditions
 * @param cost            what the forecast itself cost (the only part that differs between equal runs)
 */
public record Forecast(int nodes, long seed, Distribution join, Crash crash, Leave leave, Traffic traffic,
                       FalseAlarms falseAlarms, Cost cost) {

    /**
     * Crash detection, pooled over {@code trials} crashes of different members.
     *
     * @param firstSuspicion over trials: from the crash to the first suspicion of the victim anywhere
     * @param deadEverywhere over (trial, member): from the crash to that member being told it is dead
     * @param deadAfterS     every member's detection time (sorted), for a chart of the distribution
     * @param trials         how many crashes were simulated
     */
    public record Crash(Distribution firstSuspicion, Distribution deadEverywhere, List<Double> deadAfterS,
                        int trials) {
    }

    /**
     * Graceful leave, pooled over {@code trials} leaves.
     *
     * @param left       over (trial, member): from the leave to that member being told it left
     * @param seenDead   members told the leaver was dead instead (the leave message missed them)
     * @param leftAfterS every member's time (sorted)
     */
    public record Leave(Distribution left, long seenDead, List<Double> leftAfterS, int trials) {
    }

    /** Per member per second, packets and streams as framed on the wire (compression, encryption, label). */
    public record Traffic(double bytesPerNodePerS, double packetsPerNodePerS) {
    }

    /**
     * False alarms about healthy members (running, not slowed), each (observer, member) once per event.
     *
     * @param suspicionsPerNodeHour suspicions per member-hour observed
     * @param deathsPerNodeHour     death declarations per member-hour observed
     * @param suspicions            the raw count behind the rate
     * @param deaths                the raw count behind the rate
     * @param nodeHours             member-hours simulated: a rate from few hours is a rough one
     */
    public record FalseAlarms(double suspicionsPerNodeHour, double deathsPerNodeHour, long suspicions,
                              long deaths, double nodeHours) {
    }

    /**
     * @param simulatedNodeSeconds members × simulated seconds, over every run of the forecast
     * @param events               simulator events run
     * @param wallSeconds          wall-clock time the forecast took (not deterministic)
     */
    public record Cost(double simulatedNodeSeconds, long events, double wallSeconds) {
    }
}
