package io.memberlist.spring.autoconfigure;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The starter's two Spring schedulers, registered as beans so they are lifecycle-managed (shut down with
 * the context) and observable (Boot's executor metrics bind every {@link ThreadPoolTaskScheduler} bean).
 * Neither is the application's own {@code taskScheduler}: joins block on the network and must not delay a
 * user's {@code @Scheduled} methods, nor the other way round.
 */
public final class MemberlistSchedulers {
    /** Bean name of the one-thread scheduler that publishes membership events in order. */
    public static final String EVENT_SCHEDULER = "memberlistEventScheduler";
    /** Bean name of the scheduler of joins, join retries and periodic tasks (rejoin, health propagation). */
    public static final String TASK_SCHEDULER = "memberlistTaskScheduler";

    private MemberlistSchedulers() {
    }

    /**
     * One thread, so events keep the engine's order. It accepts events after the context closed (peers leave
     * while this node drains) and stops after the node (a low phase), dropping what was not yet published.
     */
    public static ThreadPoolTaskScheduler eventScheduler() {
        ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
        s.setPoolSize(1);
        s.setThreadNamePrefix("memberlist-events-");
        s.setDaemon(true);
        s.setAcceptTasksAfterContextClose(true);
        s.setPhase(Integer.MIN_VALUE / 2);
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /** Two threads: a blocking join must not hold up the rejoin or health ticks. Stops when the context closes. */
    public static ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
        s.setPoolSize(2);
        s.setThreadNamePrefix("memberlist-task-");
        s.setDaemon(true);
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
