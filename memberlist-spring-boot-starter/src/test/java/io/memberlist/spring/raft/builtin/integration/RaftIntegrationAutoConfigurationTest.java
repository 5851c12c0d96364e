package io.memberlist.spring.raft.builtin.integration;

import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.builtin.Leadership;
import io.memberlist.spring.raft.builtin.UncalledRaftOperations;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.support.locks.LockRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RaftIntegrationAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RaftIntegrationAutoConfiguration.class));

    @Test
    void withTheRaftBeans_providesTheLockRegistryAndTheLeaderEventBridge() {
        runner.withUserConfiguration(RaftBeans.class).run(context -> {
            assertThat(context).hasSingleBean(RaftLockRegistry.class).hasSingleBean(LeaderEventBridge.class);
            assertThat(context.getBean(RaftLockRegistry.class).clientId()).startsWith("application-");
        });
    }

    @Test
    void withoutSpringIntegration_providesNothing() {
        runner.withUserConfiguration(RaftBeans.class)
                .withClassLoader(new FilteredClassLoader(LockRegistry.class))
                .run(context -> assertThat(context).doesNotHaveBean(RaftLockRegistry.class)
                        .doesNotHaveBean(LeaderEventBridge.class));
    }

    @Test
    void withoutTheRaftGroup_providesNothing() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RaftLockRegistry.class)
                .doesNotHaveBean(LeaderEventBridge.class));
    }

    @Test
    void theApplicationsOwnLockRegistry_wins() {
        runner.withUserConfiguration(RaftBeans.class)
                .withBean("myRegistry", LockRegistry.class, () -> key -> new java.util.concurrent.locks.ReentrantLock())
                .run(context -> assertThat(context).doesNotHaveBean(RaftLockRegistry.class));
    }

    @Test
    void leadershipChanges_arePublishedAsSpringIntegrationEvents() {
        runner.withUserConfiguration(RaftBeans.class, Recorder.class).run(context -> {
            Leadership leadership = context.getBean(Leadership.class);
            leadership.onLeaderChanged(true, 2, "n1");
            leadership.onLeaderChanged(false, 3, "n2");

            List<AbstractLeaderEvent> events = context.getBean(Recorder.class).events;
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).isInstanceOf(OnGrantedEvent.class);
            assertThat(events).extracting(AbstractLeaderEvent::getRole)
                    .containsOnly(RaftIntegrationAutoConfiguration.ROLE);
            assertThat(events.get(1).getContext().isLeader()).isFalse();
        });
    }

    @Test
    void registryLocks_arePerKey_stringKeyed_andRefuseWhatTheyCannotDo() {
        try (RaftLockRegistry registry = new RaftLockRegistry(new UncalledRaftOperations(), "n1",
                RaftLockRegistry.DEFAULT_LEASE)) {
            Lock lock = registry.obtain("job");

            assertThat(registry.obtain("job")).isSameAs(lock);
            assertThatThrownBy(() -> registry.obtain(42)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
            assertThatThrownBy(lock::newCondition).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RaftBeans {
        @Bean
        RaftOperations raftOperations() {
            return new UncalledRaftOperations();
        }

        @Bean
        Leadership leadership(ApplicationEventPublisher publisher) {
            return new Leadership(publisher, Runnable::run);
        }
    }

    static class Recorder {
        final List<AbstractLeaderEvent> events = new ArrayList<>();

        @EventListener
        void on(AbstractLeaderEvent event) {
            events.add(event);
        }
    }
}
