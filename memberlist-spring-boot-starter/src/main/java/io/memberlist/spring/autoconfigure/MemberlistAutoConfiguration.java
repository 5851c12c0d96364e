package io.memberlist.spring.autoconfigure;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.spring.event.MembershipEventBridge;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.actuator.HasFeatures;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts a memberlist node with the application: binds it, joins the seeds, and leaves and shuts it down
 * when the application stops. Replace the {@link Memberlist} bean to run one you build yourself.
 *
 * <p>Off with {@code memberlist.enabled=false}, and with Spring Cloud's {@code spring.cloud.discovery.enabled=false}:
 * discovery is what the starter is for, so turning discovery off must not leave a node binding a port and
 * gossiping (a test JVM next to a running instance). For membership without the discovery client, use
 * {@code memberlist.discovery.enabled=false}.
 */
@AutoConfiguration(after = UtilAutoConfiguration.class)
@ConditionalOnMemberlistEnabled
@ConditionalOnDiscoveryEnabled
@EnableConfigurationProperties(MemberlistProperties.class)
public class MemberlistAutoConfiguration {

    /** Publishes membership events, in order, on one thread; see {@link MemberlistSchedulers}. */
    @Bean(name = MemberlistSchedulers.EVENT_SCHEDULER)
    @ConditionalOnMissingBean(name = MemberlistSchedulers.EVENT_SCHEDULER)
    public ThreadPoolTaskScheduler memberlistEventScheduler() {
        return MemberlistSchedulers.eventScheduler();
    }

    /** Runs joins, join retries, rejoins and health propagation; see {@link MemberlistSchedulers}. */
    @Bean(name = MemberlistSchedulers.TASK_SCHEDULER)
    @ConditionalOnMissingBean(name = MemberlistSchedulers.TASK_SCHEDULER)
    public ThreadPoolTaskScheduler memberlistTaskScheduler() {
        return MemberlistSchedulers.taskScheduler();
    }

    @Bean
    @ConditionalOnMissingBean
    public MembershipEventBridge memberlistEventBridge(ApplicationEventPublisher publisher,
                                                       MemberlistProperties properties,
                                                       @Qualifier(MemberlistSchedulers.EVENT_SCHEDULER)
                                                       ThreadPoolTaskScheduler eventScheduler) {
        // Departed members stay visible about as long as the engine keeps gossiping their death.
        Duration retention = properties.toConfigBuilder().name("retention").build().gossipToTheDeadTime();
        return new MembershipEventBridge(publisher, properties.getEvents().getHeartbeatMinInterval(),
                retention.isZero() ? Duration.ofSeconds(30) : retention, eventScheduler);
    }

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    public Memberlist memberlist(MemberlistProperties properties, MembershipEventBridge bridge,
                                 ObjectProvider<MemberlistConfigCustomizer> customizers,
                                 ObjectProvider<InetUtils> inetUtils, Environment environment) {
        Config.Builder builder = properties.toConfigBuilder();
        String name = hasText(properties.getNodeName()) ? properties.getNodeName() : defaultNodeName(environment);
        builder.name(name).events(bridge).conflict(bridge);
        if (!hasText(properties.getAdvertiseAddress()) && isWildcard(properties.getBindAddress())) {
            // Honour spring.cloud.inetutils.* (preferred networks, ignored interfaces) like other registries.
            InetUtils inet = inetUtils.getIfAvailable();
            InetAddress address = inet == null ? null : inet.findFirstNonLoopbackAddress();
            if (address != null && !address.isLoopbackAddress()) {
                builder.advertiseAddress(address.getHostAddress());
            }
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        Config config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new MemberlistConfigurationException(e.getMessage(),
                    "Change the memberlist.* property named in the message, or the MemberlistConfigCustomizer"
                            + " that set it.", e);
        }
        bridge.setLocalName(name);
        try {
            return Memberlist.create(config);
        } catch (UncheckedIOException e) {
            throw new MemberlistConfigurationException("cannot listen on " + config.bindAddress() + ":"
                    + config.bindPort() + " (UDP and TCP): " + e.getMessage(),
                    "Another process (or another instance of this application) probably uses that port. Set"
                            + " memberlist.bind-port to a free port, or to 0 to pick one; check"
                            + " memberlist.bind-address is an address of this host.", e);
        } catch (IllegalArgumentException e) {
            throw new MemberlistConfigurationException(e.getMessage(),
                    "Check the memberlist.* settings and MemberlistConfigCustomizer beans.", e);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    public MemberlistLifecycle memberlistLifecycle(Memberlist memberlist, MemberlistProperties properties,
                                                   MembershipEventBridge bridge, ObjectProvider<SeedProvider> seeds,
                                                   @Qualifier(MemberlistSchedulers.TASK_SCHEDULER)
                                                   TaskScheduler scheduler, ApplicationContext context) {
        SeedProvider provider = seeds.getIfAvailable(() -> properties.getJoin()::getSeeds);
        return new MemberlistLifecycle(memberlist, properties, bridge, provider, scheduler, context);
    }

    /** Warns about misspelled {@code memberlist.*} keys, naming the closest valid one. */
    @Bean
    @ConditionalOnMissingBean
    public UnknownPropertyCheck memberlistUnknownPropertyCheck(ConfigurableEnvironment environment) {
        return new UnknownPropertyCheck(environment);
    }

    /** Lists memberlist in {@code /actuator/features}. */
    @Bean
    @ConditionalOnMissingBean(name = "memberlistFeature")
    public HasFeatures memberlistFeature() {
        return HasFeatures.namedFeature("Memberlist", Memberlist.class);
    }

    /** {@code <spring.application.name>-<host>-<8 random hex digits>}: unique even with several per host. */
    static String defaultNodeName(Environment environment) {
        String app = environment.getProperty("spring.application.name", "memberlist");
        String host = System.getenv("HOSTNAME");
        if (!hasText(host)) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "host";
            }
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return app + "-" + host + "-" + HexFormat.of().formatHex(random);
    }

    private static boolean isWildcard(String address) {
        return address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::");
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
