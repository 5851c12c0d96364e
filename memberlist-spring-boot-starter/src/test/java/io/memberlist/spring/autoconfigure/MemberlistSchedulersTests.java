package io.memberlist.spring.autoconfigure;

import io.memberlist.spring.StarterContexts;
import io.memberlist.spring.event.MemberlistMemberEvent;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The event bridge and the periodic tasks run on Spring schedulers that are beans and stop with the context. */
class MemberlistSchedulersTests {
    private final ApplicationContextRunner runner = StarterContexts.runner();

    @Test
    void eventsAndTasks_runOnSpringSchedulerBeans_shutDownWithTheContext() {
        Set<String> eventThreads = ConcurrentHashMap.newKeySet();
        Set<String> seedThreads = ConcurrentHashMap.newKeySet();
        AtomicReference<List<ThreadPoolTaskScheduler>> schedulers = new AtomicReference<>();
        runner.withPropertyValues("memberlist.join.rejoin-interval=50ms")
                .withBean("recordingListener", ApplicationListener.class,
                        () -> (ApplicationListener<MemberlistMemberEvent>) e ->
                                eventThreads.add(Thread.currentThread().getName()))
                .withBean(SeedProvider.class, () -> () -> {
                    seedThreads.add(Thread.currentThread().getName());
                    return List.of();
                }).run(ctx -> {
                    ThreadPoolTaskScheduler events = ctx.getBean(MemberlistSchedulers.EVENT_SCHEDULER,
                            ThreadPoolTaskScheduler.class);
                    ThreadPoolTaskScheduler tasks = ctx.getBean(MemberlistSchedulers.TASK_SCHEDULER,
                            ThreadPoolTaskScheduler.class);
                    schedulers.set(List.of(events, tasks));
                    await().atMost(Duration.ofSeconds(10)).until(() -> !eventThreads.isEmpty()
                            && seedThreads.stream().anyMatch(t -> t.startsWith("memberlist-task-")));
                    assertThat(eventThreads).allMatch(t -> t.startsWith("memberlist-events-"));
                    assertThat(events.getScheduledExecutor().isShutdown()).isFalse();
                });
        assertThat(schedulers.get()).allSatisfy(s -> assertThat(s.getScheduledExecutor().isShutdown()).isTrue());
    }
}
