package io.memberlist.spring.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * Something the starter does every {@code interval} while the context runs, on the starter's
 * {@link TaskScheduler} ({@value MemberlistSchedulers#TASK_SCHEDULER}, never the engine's event loop). A
 * failing run is logged and the next one still happens. The scheduler is a Spring bean: its threads are
 * named {@code memberlist-task-N}, and it shuts down with the context.
 */
public abstract class PeriodicTask implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final TaskScheduler scheduler;
    private final String name;
    private final Duration interval;
    private volatile ScheduledFuture<?> future;

    protected PeriodicTask(TaskScheduler scheduler, String name, Duration interval) {
        this.scheduler = scheduler;
        this.name = name;
        this.interval = interval;
    }

    /** One run; called every interval, first after one interval. */
    protected abstract void runOnce();

    @Override
    public void start() {
        future = scheduler.scheduleWithFixedDelay(this::runQuietly, Instant.now().plus(interval), interval);
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("memberlist: {} failed; trying again in {}", name, interval, e);
        }
    }

    @Override
    public void stop() {
        ScheduledFuture<?> f = future;
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        ScheduledFuture<?> f = future;
        return f != null && !f.isDone();
    }
}
