package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.MemberlistException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A merge delegate that throws must fail the join with the reason, not leave {@code joinAsync} pending forever. */
class ThrowingDelegateLoopbackTest {
    private final LoopbackNodes nodes = new LoopbackNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void joinAsync_mergeDelegateThrows_failsWithinTheTcpTimeoutNamingTheDelegate() {
        Config.Builder fast = LoopbackNodes.fast();
        Memberlist seed = nodes.start(fast, "seed");
        Memberlist joiner = nodes.start(LoopbackNodes.fast().merge(peers -> {
            throw new IllegalStateException("boom");
        }), "joiner");

        CompletableFuture<Integer> join = joiner.joinAsync(List.of(LoopbackNodes.seed(seed)));

        // The push/pull itself is bounded by tcpTimeout; twice that, plus slack for a busy machine.
        long bound = 2 * joiner.config().tcpTimeout().toMillis() + 5_000;
        assertThatThrownBy(() -> join.get(bound, TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(MemberlistException.class)
                .hasMessageContaining("merge delegate threw").hasMessageContaining("boom");
        assertThat(joiner.numMembers()).isEqualTo(1);
        // Stats are republished right after the join future fails, on the same loop turn.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(joiner.stats().delegateFailures())
                .as("the failure is counted where operators look").isEqualTo(1));
    }
}
