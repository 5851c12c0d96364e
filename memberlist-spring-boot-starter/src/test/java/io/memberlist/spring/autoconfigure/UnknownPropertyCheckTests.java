package io.memberlist.spring.autoconfigure;

import io.memberlist.spring.StarterContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Misspelled memberlist.* keys and a node without seeds are reported at startup. */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertyCheckTests {
    private final ApplicationContextRunner runner = StarterContexts.runner()
            .withPropertyValues("memberlist.join.rejoin-interval=0");

    @Test
    void misspelledKeys_warnNamingTheClosestValidKey(CapturedOutput output) {
        runner.withPropertyValues("memberlist.join.seed=127.0.0.1:1", "memberlist.profil=wan").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(output.getOut()).contains("memberlist: 'memberlist.join.seed' (\"memberlist.join.seed\" from"
                            + " property source \"test\") is not a memberlist property and is ignored; did you mean"
                            + " 'memberlist.join.seeds'?",
                    "memberlist: 'memberlist.profil' (\"memberlist.profil\" from property source \"test\") is not a"
                            + " memberlist property and is ignored; did you mean 'memberlist.profile'?");
        });
    }

    @Test
    void validKeys_mapEntriesAndListIndexes_areNotReported(CapturedOutput output) {
        runner.withPropertyValues("memberlist.discovery.metadata.team=payments", "memberlist.join.seeds[0]=127.0.0.1:1",
                        "memberlist.join.retry.maxAttempts=1", "memberlist.loadbalancer.enabled=true",
                        "memberlist.security.secret-keys[0]=AAAAAAAAAAAAAAAAAAAAAA==")
                .run(ctx -> assertThat(output.getOut()).doesNotContain("is not a memberlist property"));
    }

    @Test
    void noSeedsAndNoProvider_warnThatTheNodeStartsAlone(CapturedOutput output) {
        runner.withPropertyValues("memberlist.node-name=first").run(ctx -> assertThat(output.getOut()).contains(
                "memberlist node first has no seeds (memberlist.join.seeds is empty and StaticSeedProvider[] returned"
                        + " none): it starts a new cluster of one and waits to be joined"));
    }
}
