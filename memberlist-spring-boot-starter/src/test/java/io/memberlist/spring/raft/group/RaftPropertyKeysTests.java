package io.memberlist.spring.raft.group;

import io.memberlist.spring.autoconfigure.UnknownPropertyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The raft keys are known to the unknown-key warning (through the metadata the starter ships). */
@ExtendWith(OutputCaptureExtension.class)
class RaftPropertyKeysTests {

    @Test
    void raftKeysAreKnownAndAMisspelledOneIsReportedWithTheClosestKey(CapturedOutput output) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "memberlist.raft.enabled", "true", "memberlist.raft.voters", "3",
                "memberlist.raft.dead-voter-grace", "30s", "memberlist.raft.storage-dir", "/var/lib/raft",
                "memberlist.raft.election-timeout-min", "1s", "memberlist.raft.dead-voter-grase", "30s")));

        new UnknownPropertyCheck(environment).afterPropertiesSet();

        assertThat(output).contains("'memberlist.raft.dead-voter-grase'")
                .contains("did you mean 'memberlist.raft.dead-voter-grace'")
                .doesNotContain("'memberlist.raft.voters'").doesNotContain("'memberlist.raft.enabled'")
                .doesNotContain("'memberlist.raft.storage-dir'");
    }
}
