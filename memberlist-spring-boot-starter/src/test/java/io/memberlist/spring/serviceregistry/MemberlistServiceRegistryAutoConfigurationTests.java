package io.memberlist.spring.serviceregistry;

import io.memberlist.spring.StarterContexts;
import io.memberlist.spring.autoconfigure.MemberlistConfigurationException;
import io.memberlist.spring.autoconfigure.MemberlistFailureAnalyzerAccess;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per switch of the registry, plus the 512-byte meta limit. */
class MemberlistServiceRegistryAutoConfigurationTests {
    private final ApplicationContextRunner runner = StarterContexts.runner();

    @Test
    void defaults_registryRegistrationAndAutoRegistration() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(MemberlistServiceRegistry.class).hasSingleBean(MemberlistRegistration.class)
                    .hasSingleBean(MemberlistAutoServiceRegistration.class);
            MemberlistRegistration r = ctx.getBean(MemberlistRegistration.class);
            assertThat(r.getServiceId()).isEqualTo("orders");
            assertThat(r.getHost()).isEqualTo("127.0.0.1");
            assertThat(r.getStatus()).isEqualTo("STARTING");
        });
    }

    @Test
    void serviceRegistryDisabled_noRegistry() {
        runner.withPropertyValues("spring.cloud.service-registry.enabled=false").run(ctx -> assertThat(ctx)
                .doesNotHaveBean(MemberlistServiceRegistry.class).doesNotHaveBean(MemberlistAutoServiceRegistration.class));
    }

    @Test
    void autoRegistrationDisabled_registryWithoutAutoRegistration() {
        runner.withPropertyValues("spring.cloud.service-registry.auto-registration.enabled=false").run(ctx -> assertThat(ctx)
                .hasSingleBean(MemberlistServiceRegistry.class).doesNotHaveBean(MemberlistAutoServiceRegistration.class));
    }

    @Test
    void registerFalse_discoversButNeverRegistersItself() {
        runner.withPropertyValues("memberlist.discovery.register=false").run(ctx -> {
            assertThat(ctx).hasSingleBean(MemberlistServiceRegistry.class)
                    .hasSingleBean(io.memberlist.spring.discovery.MemberlistDiscoveryClient.class)
                    .doesNotHaveBean(MemberlistAutoServiceRegistration.class);
            assertThat(ctx.getBean(MemberlistRegistration.class).getStatus()).isEqualTo("STARTING");
        });
    }

    @Test
    void separateManagementPort_isAdvertisedInTheMetadata() {
        runner.withPropertyValues("server.port=8080", "management.server.port=9091").run(ctx -> assertThat(
                ctx.getBean(MemberlistRegistration.class).getMetadata()).containsEntry("management.port", "9091"));
        runner.withPropertyValues("server.port=8080", "management.server.port=8080").run(ctx -> assertThat(
                ctx.getBean(MemberlistRegistration.class).getMetadata()).doesNotContainKey("management.port"));
        runner.run(ctx -> assertThat(ctx.getBean(MemberlistRegistration.class).getMetadata())
                .doesNotContainKey("management.port"));
    }

    @Test
    void registrationCustomizers_addMetadataBeforeTheSizeCheck() {
        runner.withBean(MemberlistRegistrationCustomizer.class, () -> m -> m.withMetadata(Map.of("build", "42")))
                .run(ctx -> assertThat(ctx.getBean(MemberlistRegistration.class).getMetadata())
                        .containsEntry("build", "42"));
        runner.withBean(MemberlistRegistrationCustomizer.class,
                        () -> m -> m.withMetadata(Map.of("blob", "x".repeat(520))))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("more than memberlist's limit of 512 bytes"));
    }

    @Test
    void metadataOver512Bytes_failsWithAnalyzerMessage() {
        runner.withPropertyValues("memberlist.discovery.metadata.blob=" + "x".repeat(520)).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(MemberlistConfigurationException.class);
            FailureAnalysis analysis = MemberlistFailureAnalyzerAccess.analyze(ctx.getStartupFailure());
            assertThat(analysis.getDescription()).contains("more than memberlist's limit of 512 bytes");
            assertThat(analysis.getAction()).contains("memberlist.discovery.metadata");
        });
    }
}
