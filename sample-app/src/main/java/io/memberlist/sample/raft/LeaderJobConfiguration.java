package io.memberlist.sample.raft;

import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.builtin.Leadership;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Schedules {@link LeaderTicks} on the application's own {@code taskScheduler}. The memberlist starter has two
 * schedulers of its own (membership events, joins); naming this one {@code taskScheduler} keeps
 * {@code @Scheduled} methods off them, so a slow raft write cannot delay membership events, and the reverse.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = {"memberlist.enabled", "spring.cloud.discovery.enabled"}, matchIfMissing = true)
@ConditionalOnBooleanProperty("memberlist.raft.enabled")
class LeaderJobConfiguration {

    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("sample-jobs-");
        return scheduler;
    }

    @Bean
    LeaderTicks leaderTicks(Leadership leadership, RaftOperations raft) {
        return new LeaderTicks(leadership, raft);
    }
}
