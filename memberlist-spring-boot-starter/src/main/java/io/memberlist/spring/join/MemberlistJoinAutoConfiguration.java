package io.memberlist.spring.join;

import io.memberlist.Memberlist;
import io.memberlist.runtime.Seeds;
import io.memberlist.spring.autoconfigure.MemberlistAutoConfiguration;
import io.memberlist.spring.autoconfigure.MemberlistProperties;
import io.memberlist.spring.autoconfigure.MemberlistSchedulers;
import io.memberlist.spring.autoconfigure.SeedProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnCloudPlatform;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@link SeedProvider} the node joins through (a Kubernetes headless Service on Kubernetes when no seeds
 * are configured, else {@code memberlist.join.seeds}) and {@link SeedRejoin}
 * ({@code memberlist.join.rejoin-interval}, 0 turns it off).
 */
@AutoConfiguration(after = MemberlistAutoConfiguration.class)
@ConditionalOnBean(Memberlist.class)
public class MemberlistJoinAutoConfiguration {
    /** Where Kubernetes mounts the pod's namespace. */
    static final Path NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    @Bean
    @ConditionalOnMissingBean
    public SeedProvider memberlistSeedProvider(MemberlistProperties properties) {
        return new StaticSeedProvider(properties.getJoin().getSeeds());
    }

    @Bean
    @ConditionalOnMemberlistRejoinEnabled
    @ConditionalOnMissingBean
    public SeedRejoin memberlistSeedRejoin(Memberlist memberlist, SeedProvider seeds, MemberlistProperties properties,
                                           @Qualifier(MemberlistSchedulers.TASK_SCHEDULER) TaskScheduler scheduler,
                                           ApplicationContext context) {
        return new SeedRejoin(memberlist, seeds, properties.getJoin().getRejoinInterval(), scheduler, context);
    }

    /** Registered before the static provider, which then backs off. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnCloudPlatform(CloudPlatform.KUBERNETES)
    static class Kubernetes {

        @Bean
        @ConditionalOnMissingBean
        SeedProvider memberlistKubernetesSeedProvider(MemberlistProperties properties, Environment environment) {
            MemberlistProperties.Join.Kubernetes k8s = properties.getJoin().getKubernetes();
            String service = hasText(k8s.getService()) ? k8s.getService()
                    : environment.getProperty("spring.application.name", "application").toLowerCase(Locale.ROOT);
            String namespace = hasText(k8s.getNamespace()) ? k8s.getNamespace() : podNamespace();
            int port = properties.getAdvertisePort() != null ? properties.getAdvertisePort()
                    : properties.getBindPort() > 0 ? properties.getBindPort() : Seeds.DEFAULT_PORT;
            return new KubernetesSeedProvider(properties.getJoin().getSeeds(), service, namespace, port);
        }

        private static String podNamespace() {
            try {
                return Files.isReadable(NAMESPACE_FILE) ? Files.readString(NAMESPACE_FILE).trim() : "default";
            } catch (IOException e) {
                return "default";
            }
        }
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
