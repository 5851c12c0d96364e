package io.memberlist.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.NodeState;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Failure detection and graceful leave between a Java node and a real Go memberlist v0.2.2 node: a crash is
 * detected as dead by probing, a leave is seen as left (and stays left once the leaver is gone), both ways.
 */
@Tag("interop")
class FailureDetectionInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Longer than a full probe + suspicion cycle with the fast timings (2 nodes: about 1 s). */
    private static final Duration AFTER_LEAVE = Duration.ofMillis(1500);

    @BeforeEach
    void requireGo() {
        GoToolchain.assumeAvailable();
    }

    @Test
    void goProcessKilled_javaNode_marksItDead() {
        try (JavaPeer java = JavaPeer.start("java-1");
                GoPeer go = JavaPeer.fastGo("go-1").start()) {
            go.join(java.address());
            java.awaitMembers(WAIT, "go-1", "java-1");

            go.crash();

            JavaPeer.Event dead = java.awaitLeave("go-1", NodeState.DEAD, WAIT);
            assertThat(dead.node().incarnation()).isEqualTo(1);
            assertThat(java.memberNames()).containsExactly("java-1");
        }
    }

    @Test
    void javaNodeShutDownWithoutLeave_goNode_marksItDead() {
        try (GoPeer go = JavaPeer.fastGo("go-1").start();
                JavaPeer java = JavaPeer.start("java-1")) {
            java.join(go.address());
            go.awaitLiveMembers(2, WAIT);

            java.list().shutdown();

            go.awaitEvent("leave", e -> "java-1".equals(e.get("name")) && "dead".equals(e.get("state")), WAIT);
            assertThat(go.member("java-1").orElseThrow()).containsEntry("state", "dead");
            go.awaitLiveMembers(1, WAIT);
        }
    }

    @Test
    void goNodeLeavesGracefully_javaNode_marksItLeftNotDead() {
        try (JavaPeer java = JavaPeer.start("java-1");
                GoPeer go = JavaPeer.fastGo("go-1").start()) {
            go.join(java.address());
            java.awaitMembers(WAIT, "go-1", "java-1");

            go.leave(Duration.ofSeconds(2));
            java.awaitLeave("go-1", NodeState.LEFT, WAIT);
            go.close(); // gone for good: it must stay left, never become dead

            GoPeer.sleep(AFTER_LEAVE);
            assertThat(java.events()).noneMatch(e -> e.kind().equals("leave") && e.node().state() == NodeState.DEAD);
            assertThat(java.memberNames()).containsExactly("java-1");
        }
    }

    @Test
    void javaNodeLeavesGracefully_goNode_marksItLeftNotDead() {
        try (GoPeer go = JavaPeer.fastGo("go-1").start();
                JavaPeer java = JavaPeer.start("java-1")) {
            java.join(go.address());
            go.awaitLiveMembers(2, WAIT);

            java.list().leave(Duration.ofSeconds(2));
            go.awaitEvent("leave", e -> "java-1".equals(e.get("name")) && "left".equals(e.get("state")), WAIT);
            java.list().shutdown();

            GoPeer.sleep(AFTER_LEAVE);
            assertThat(go.member("java-1").orElseThrow()).containsEntry("state", "left");
            assertThat(go.events()).noneMatch(e -> "leave".equals(e.get("event")) && "java-1".equals(e.get("name"))
                    && "dead".equals(e.get("state")));
        }
    }
}
