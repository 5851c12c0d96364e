package io.memberlist.spring.raft.builtin.integration;

import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.builtin.Leadership;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.support.locks.LockRegistry;

import java.util.UUID;

/**
 * The raft built-ins for Spring Integration: a {@link RaftLockRegistry} (unless the application defines its own
 * {@link LockRegistry}) and the {@link LeaderEventBridge}. Needs the raft group's beans
 * ({@link RaftOperations}, {@link Leadership}), so it must run after the raft auto-configuration.
 */
@AutoConfiguration(afterName = "io.memberlist.spring.raft.autoconfigure.RaftAutoConfiguration")
@ConditionalOnClass(LockRegistry.class)
public class RaftIntegrationAutoConfiguration {
    /** The role of Spring Integration's leader events (what a {@code SmartLifecycleRoleController} matches). */
    public static final String ROLE = "memberlist-raft-leader";

    @Bean
    @ConditionalOnBean(RaftOperations.class)
    @ConditionalOnMissingBean(LockRegistry.class)
    RaftLockRegistry raftLockRegistry(RaftOperations raft, Environment environment) {
        String application = environment.getProperty("spring.application.name", "application");
        return new RaftLockRegistry(raft, application + "-" + UUID.randomUUID(), RaftLockRegistry.DEFAULT_LEASE);
    }

    @Bean
    @ConditionalOnBean(Leadership.class)
    LeaderEventBridge raftLeaderEventBridge(ApplicationEventPublisher publisher, Leadership leadership) {
        return new LeaderEventBridge(publisher, leadership, ROLE);
    }
}
