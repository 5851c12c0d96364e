package io.memberlist.spring.raft.autoconfigure;

import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistSchedulers;
import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.ReplicatedStateMachine;
import io.memberlist.spring.raft.builtin.CounterMachine;
import io.memberlist.spring.raft.builtin.Leadership;
import io.memberlist.spring.raft.builtin.LockMachine;
import io.memberlist.spring.raft.builtin.MapMachine;
import io.memberlist.spring.raft.group.RaftGroupAutoConfiguration;
import io.memberlist.spring.raft.group.RaftGroupListener;
import io.memberlist.spring.raft.group.RaftGroupNode;
import io.memberlist.spring.raft.group.RaftGroupProperties;
import io.memberlist.spring.raft.statemachine.RatisRaftOperations;
import io.memberlist.spring.raft.statemachine.StateMachineHost;
import org.apache.ratis.protocol.RaftPeerId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The raft group's state machines and client, with {@code memberlist.raft.enabled=true} and Ratis on the
 * classpath: one {@link StateMachineHost} runs the built-in machines (map, counter, lock) and every
 * {@link ReplicatedStateMachine} bean of the application; {@link RaftOperations} calls them; {@link Leadership}
 * turns the group's leader changes into Spring events. The group itself (formation, server, seats) is
 * {@link RaftGroupAutoConfiguration}'s.
 */
@AutoConfiguration(after = RaftGroupAutoConfiguration.class)
@ConditionalOnBooleanProperty(RaftGroupProperties.PREFIX + ".enabled")
@ConditionalOnClass(name = "org.apache.ratis.server.RaftServer")
@ConditionalOnBean(RaftGroupNode.class)
public class RaftAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MapMachine memberlistRaftMapMachine() {
        return new MapMachine();
    }

    @Bean
    @ConditionalOnMissingBean
    CounterMachine memberlistRaftCounterMachine() {
        return new CounterMachine();
    }

    @Bean
    @ConditionalOnMissingBean
    LockMachine memberlistRaftLockMachine() {
        return new LockMachine();
    }

    /**
     * The Ratis state machine the group's server runs. Not closed by Spring: the raft server closes it when it
     * stops, after its last apply.
     */
    @Bean(destroyMethod = "")
    StateMachineHost memberlistRaftStateMachine(ObjectProvider<ReplicatedStateMachine> machines) {
        return new StateMachineHost(machines.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean(RaftOperations.class)
    GroupRaftOperations memberlistRaftOperations(RaftGroupNode node, Memberlist memberlist) {
        // A voter answers queries from its own state first (no network hop); the raft peer id is the node name.
        RaftPeerId self = RaftPeerId.valueOf(memberlist.localNode().name());
        return new GroupRaftOperations(node, RatisRaftOperations.Settings.defaults().withPreferredServer(self));
    }

    @Bean
    @ConditionalOnMissingBean
    Leadership memberlistRaftLeadership(ApplicationEventPublisher publisher,
                                        @Qualifier(MemberlistSchedulers.EVENT_SCHEDULER)
                                        ThreadPoolTaskScheduler events) {
        return new Leadership(publisher, events);
    }

    /** Tells {@link Leadership} of every leader change the group reports. */
    @Bean
    RaftGroupListener memberlistRaftLeadershipFeed(ObjectProvider<Leadership> leadership) {
        return (previous, current) -> leadership.ifAvailable(l ->
                l.onLeaderChanged(current.isLeader(), current.term(), current.leader()));
    }
}
