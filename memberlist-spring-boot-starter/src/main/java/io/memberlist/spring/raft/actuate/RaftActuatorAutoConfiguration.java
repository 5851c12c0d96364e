package io.memberlist.spring.raft.actuate;

import io.memberlist.spring.actuate.MemberlistMetrics;
import io.memberlist.spring.actuate.MemberlistRaftSection;
import io.memberlist.spring.autoconfigure.MemberlistProperties;
import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.autoconfigure.RaftAutoConfiguration;
import io.memberlist.spring.raft.group.RaftGroupAutoConfiguration;
import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.group.RaftGroupProperties;
import io.memberlist.spring.raft.group.RaftGroupSettings;
import io.memberlist.spring.raft.statemachine.StateMachineHost;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The raft group in the actuator, with {@code memberlist.raft.enabled=true}: the {@code raft} section of
 * {@code /actuator/memberlist}, the {@code memberlistRaft} health indicator
 * ({@code management.health.memberlist-raft.enabled}) and, with Micrometer, the {@code memberlist.raft.*} meters
 * ({@link RaftMetrics}) including the command timer, taken by wrapping the {@link RaftOperations} bean.
 */
@AutoConfiguration(after = {RaftGroupAutoConfiguration.class, RaftAutoConfiguration.class})
@ConditionalOnBooleanProperty(RaftGroupProperties.PREFIX + ".enabled")
@ConditionalOnClass(name = "org.apache.ratis.server.RaftServer")
@ConditionalOnBean(RaftGroupNode.class)
public class RaftActuatorAutoConfiguration {

    /** Registered as a listener of the group node (which takes every {@code RaftGroupListener} bean). */
    @Bean
    @ConditionalOnMissingBean
    LeaderWatch memberlistRaftLeaderWatch() {
        return new LeaderWatch();
    }

    @Bean
    @ConditionalOnMissingBean(MemberlistRaftSection.class)
    RaftSection memberlistRaftSection(RaftGroupNode node, RaftGroupSettings settings, LeaderWatch watch) {
        return new RaftSection(node, settings, watch);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("memberlist-raft")
    static class RaftHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "memberlistRaftHealthIndicator")
        RaftHealthIndicator memberlistRaftHealthIndicator(RaftGroupNode node, LeaderWatch watch,
                                                          RaftGroupSettings settings) {
            return new RaftHealthIndicator(node, watch, settings.electionTimeoutMax(), settings.voters());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class RaftMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CommandTimer memberlistRaftCommandTimer() {
            return new CommandTimer();
        }

        @Bean
        @ConditionalOnMissingBean
        RaftMetrics memberlistRaftMetrics(RaftGroupNode node, LeaderWatch watch, CommandTimer commands,
                                          ObjectProvider<StateMachineHost> host, RaftGroupSettings settings,
                                          MemberlistProperties properties) {
            return new RaftMetrics(node, watch, commands, host.getIfUnique(),
                    MemberlistMetrics.tags(properties.getSecurity().getLabel(), properties.getNodeName()),
                    settings.requestTimeout());
        }

        /** Times the commands of every {@link RaftOperations} bean; static, as a post-processor must be. */
        @Bean
        static BeanPostProcessor memberlistRaftCommandTiming(ObjectProvider<CommandTimer> timer) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof RaftOperations operations && !(bean instanceof TimedRaftOperations)) {
                        return new TimedRaftOperations(operations, timer.getObject());
                    }
                    return bean;
                }
            };
        }
    }
}
