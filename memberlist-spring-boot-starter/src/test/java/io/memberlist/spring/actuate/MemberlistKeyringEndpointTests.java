package io.memberlist.spring.actuate;

import io.memberlist.spring.StarterContexts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key-rotation endpoint: its two switches, and each refusal a user can run into. */
class MemberlistKeyringEndpointTests {
    private static final String OLD = "AAECAwQFBgcICQoLDA0ODw==";
    private static final String NEW = Base64.getEncoder().encodeToString(new byte[32]);

    private final ApplicationContextRunner runner = StarterContexts.runner()
            .withConfiguration(AutoConfigurations.of(MemberlistKeyringEndpointAutoConfiguration.class))
            .withPropertyValues("memberlist.security.secret-keys=" + OLD);
    private final ApplicationContextRunner enabled = runner.withPropertyValues(
            "memberlist.security.key-rotation.enabled=true",
            "management.endpoints.web.exposure.include=memberlistkeyring");

    @Test
    void offByDefault_evenWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=*")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(MemberlistKeyringEndpoint.class));
    }

    @Test
    void enabledButNotExposed_noEndpoint() {
        runner.withPropertyValues("memberlist.security.key-rotation.enabled=true")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(MemberlistKeyringEndpoint.class));
    }

    @Test
    void installUseRemove_reportsFingerprintsNeverKeys() {
        enabled.run(ctx -> {
            MemberlistKeyringEndpoint endpoint = ctx.getBean(MemberlistKeyringEndpoint.class);
            String oldPrint = MemberlistKeyringEndpoint.fingerprint(Base64.getDecoder().decode(OLD));
            String newPrint = MemberlistKeyringEndpoint.fingerprint(new byte[32]);
            assertThat(endpoint.change("install", NEW).installed()).containsExactly(oldPrint, newPrint);
            assertThat(endpoint.change("install", NEW).changed()).isFalse();
            assertThat(endpoint.change("use", NEW).primary()).isEqualTo(newPrint);
            MemberlistKeyringEndpoint.KeyringReport after = endpoint.change("remove", OLD);
            assertThat(after.installed()).containsExactly(newPrint);
            assertThat(after.toString()).doesNotContain(OLD).doesNotContain(NEW);
        });
    }

    @Test
    void refusals_sayWhatToDo() {
        enabled.run(ctx -> {
            MemberlistKeyringEndpoint endpoint = ctx.getBean(MemberlistKeyringEndpoint.class);
            assertThatThrownBy(() -> endpoint.change("use", NEW)).isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("not installed");
            assertThatThrownBy(() -> endpoint.change("remove", OLD))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("primary");
            assertThatThrownBy(() -> endpoint.change("install", "c2hvcnQ="))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("16, 24 or 32 bytes");
            assertThatThrownBy(() -> endpoint.change("rotate", NEW))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("install, use or remove");
        });
    }

    @Test
    void noEncryption_noKeyringToRotate() {
        StarterContexts.runner()
                .withConfiguration(AutoConfigurations.of(MemberlistKeyringEndpointAutoConfiguration.class))
                .withPropertyValues("memberlist.security.key-rotation.enabled=true",
                        "management.endpoints.web.exposure.include=memberlistkeyring")
                .run(ctx -> assertThatThrownBy(() -> ctx.getBean(MemberlistKeyringEndpoint.class).keyring())
                        .isInstanceOf(InvalidEndpointRequestException.class)
                        .hasMessageContaining("memberlist.security.secret-keys"));
    }
}
