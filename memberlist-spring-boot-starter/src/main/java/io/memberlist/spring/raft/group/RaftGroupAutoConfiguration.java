package io.memberlist.spring.raft.group;

import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import io.memberlist.spring.autoconfigure.MemberlistConfigurationException;
import io.memberlist.spring.autoconfigure.MemberlistProperties;
import io.memberlist.spring.serviceregistry.MemberlistRegistration;
import io.memberlist.spring.serviceregistry.MemberlistRegistrationCustomizer;
import io.memberlist.spring.serviceregistry.MemberlistServiceRegistry;
import io.memberlist.spring.serviceregistry.MemberlistServiceRegistryAutoConfiguration;
import org.apache.ratis.statemachine.StateMachine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The raft group, with {@code memberlist.raft.enabled=true}: a {@link RaftGroupNode} running the application's
 * Ratis {@link StateMachine} bean, its raft address in the memberlist meta, and its lifecycle. Without the
 * property nothing here is created and no Ratis class is loaded; with it but without Ratis on the classpath,
 * startup fails naming the dependencies to add.
 */
@AutoConfiguration(after = {MemberlistAutoConfiguration.class, MemberlistServiceRegistryAutoConfiguration.class})
@ConditionalOnBooleanProperty(RaftGroupProperties.PREFIX + ".enabled")
@ConditionalOnBean(Memberlist.class)
public class RaftGroupAutoConfiguration {
    /** How often the node looks at membership and at its raft role: leader changes are reported this late. */
    static final Duration TICK = Duration.ofMillis(100);

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.ratis.server.RaftServer", "org.apache.ratis.grpc.GrpcFactory",
        "org.apache.ratis.metrics.impl.MetricRegistriesImpl"})
    @EnableConfigurationProperties(RaftGroupProperties.class)
    static class RaftGroupConfiguration {

        @Bean
        RaftGroupSettings memberlistRaftGroupSettings(RaftGroupProperties raft, MemberlistProperties memberlist,
                                                      Memberlist node, Environment environment) {
            String name = node.localNode().name();
            Path storage = Path.of(raft.getStorageDir() != null ? raft.getStorageDir()
                    : "memberlist-raft/" + name.replaceAll("[^A-Za-z0-9._-]", "_")).toAbsolutePath();
            String host = hasText(raft.getAdvertiseAddress()) ? raft.getAdvertiseAddress()
                    : node.localNode().address().inetAddress().getHostAddress();
            String label = memberlist.getSecurity().getLabel();
            String cluster = hasText(label) ? label : environment.getProperty("spring.application.name", "application");
            // Ten gossip intervals: long enough for a member that joined with the others to be heard of by every
            // node (gossip reaches all of a LAN cluster in a few rounds), so nodes whose views have not converged
            // do not bootstrap different voters; short against the election that follows.
            Duration settle = node.config().gossipInterval().multipliedBy(10);
            // Raft listens where memberlist does: a node bound to one private interface must not expose its raft
            // port (unauthenticated, like memberlist without a key) on every other interface.
            String bind = node.config().bindAddress();
            String bindHost = bind == null || bind.equals("0.0.0.0") || bind.equals("::") ? null : bind;
            return new RaftGroupSettings(cluster, raft.getVoters(), host, bindHost,
                    StoredPort.resolve(raft.getPort(), storage),
                    storage, raft.getDeadVoterGrace(), settle, TICK, raft.getElectionTimeoutMin(),
                    raft.getElectionTimeoutMax(), raft.getRequestTimeout());
        }

        /** Puts this node's raft address in its meta, so every member can read it. */
        @Bean
        MemberlistRegistrationCustomizer memberlistRaftAddress(RaftGroupSettings settings) {
            String address = RaftAddress.format(settings.host(), settings.port());
            return meta -> meta.withMetadata(Map.of(RaftAddress.META_KEY, address));
        }

        @Bean
        RaftGroupNode memberlistRaftGroupNode(Memberlist memberlist, RaftGroupSettings settings,
                                              ObjectProvider<StateMachine> stateMachine,
                                              ObjectProvider<RaftGroupListener> listeners) {
            StateMachine machine = stateMachine.getIfUnique();
            if (machine == null) {
                throw new MemberlistConfigurationException("memberlist.raft.enabled is true but there is no single"
                        + " Ratis StateMachine bean for the raft group to run",
                        "Define one bean of type org.apache.ratis.statemachine.StateMachine, or set"
                                + " memberlist.raft.enabled=false.");
            }
            RaftGroupNode node = new RaftGroupNode(memberlist, settings, machine);
            listeners.orderedStream().forEach(node::addListener);
            return node;
        }

        @Bean
        RaftGroupLifecycle memberlistRaftGroupLifecycle(RaftGroupNode node,
                                                        ObjectProvider<MemberlistServiceRegistry> registry,
                                                        ObjectProvider<MemberlistRegistration> registration,
                                                        ApplicationContext context) {
            if (registry.getIfAvailable() == null || registration.getIfAvailable() == null) {
                throw new MemberlistConfigurationException("memberlist.raft.enabled is true but the service"
                        + " registry is off, so this node cannot advertise its raft address in its memberlist meta",
                        "Leave memberlist.discovery.enabled and spring.cloud.service-registry.enabled at"
                                + " true, or set memberlist.raft.enabled=false.");
            }
            return new RaftGroupLifecycle(node, registry.getObject(), registration.getObject(), context);
        }

        private static boolean hasText(String s) {
            return s != null && !s.isBlank();
        }
    }

    /** Enabled without Ratis: fail at startup saying what to add, rather than run without the group. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(RatisMissingCondition.class)
    static class RatisMissingConfiguration {

        @Bean
        Object memberlistRaftGroupWithoutRatis(ApplicationContext context) {
            throw new MemberlistConfigurationException("memberlist.raft.enabled is true but Apache Ratis is not on"
                    + " the classpath (missing " + RatisMissingCondition.missing(context.getClassLoader()) + ")",
                    "Add the dependencies org.apache.ratis:ratis-server, org.apache.ratis:ratis-grpc and"
                            + " org.apache.ratis:ratis-metrics-default (version 3.2.0) to the application, or set"
                            + " memberlist.raft.enabled=false.");
        }
    }
}
