package io.memberlist.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Node;
import io.memberlist.NodeState;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three real Go memberlist v0.2.2 nodes and three Java nodes in one cluster on 127.0.0.1: joined as a chain
 * (each through a node of the other language), they converge to the same six members everywhere; then a Go
 * crash, a Java crash and a Java leave are seen the same way by every survivor (this exercises gossip
 * compounds, indirect probes and nacks across languages).
 */
@Tag("interop")
class MixedClusterInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Anti-entropy as a safety net under gossip, as in production (there every 30 s). */
    private static final Duration PUSH_PULL = Duration.ofSeconds(1);

    @BeforeEach
    void requireGo() {
        GoToolchain.assumeAvailable();
    }

    /** name → "state meta" as every node should agree on. */
    private static Map<String, String> javaView(JavaPeer java) {
        Map<String, String> view = new TreeMap<>();
        for (Node n : java.list().members()) {
            view.put(n.name(), n.address().port() + " " + new String(n.meta(), StandardCharsets.UTF_8));
        }
        return view;
    }

    private static Map<String, String> goView(GoPeer go) {
        Map<String, String> view = new TreeMap<>();
        for (Map<String, Object> m : go.liveMembers()) {
            view.put((String) m.get("name"), m.get("port") + " " + m.get("meta"));
        }
        return view;
    }

    private static void awaitSameView(List<JavaPeer> javas, List<GoPeer> gos, Map<String, String> expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Map<String, String>> views = new ArrayList<>();
            javas.forEach(j -> views.add(javaView(j)));
            gos.forEach(g -> views.add(goView(g)));
            if (views.stream().allMatch(expected::equals)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertThat(views).as("views of %s and %s", javas.stream().map(JavaPeer::name).toList(),
                        gos.stream().map(GoPeer::name).toList()).allMatch(expected::equals);
            }
            GoPeer.sleep(Duration.ofMillis(50));
        }
    }

    @Test
    void threeGoAndThreeJavaNodes_chainJoined_convergeAndAgreeOnCrashesAndLeave() {
        List<GoPeer> gos = new ArrayList<>();
        List<JavaPeer> javas = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                gos.add(JavaPeer.fastGo("go-" + i).meta("go-meta-" + i)
                        .flag("pushpull-interval", PUSH_PULL.toMillis() + "ms").start());
                javas.add(JavaPeer.start("java-" + i, "java-meta-" + i, "", b -> b.pushPullInterval(PUSH_PULL)));
            }
            // A chain alternating languages: nobody but the neighbours is told about anybody directly.
            javas.get(0).join(gos.get(0).address());
            gos.get(1).join(javas.get(0).address());
            javas.get(1).join(gos.get(1).address());
            gos.get(2).join(javas.get(1).address());
            javas.get(2).join(gos.get(2).address());

            Map<String, String> all = new TreeMap<>();
            for (int i = 0; i < 3; i++) {
                all.put(gos.get(i).name(), gos.get(i).port() + " go-meta-" + (i + 1));
                all.put(javas.get(i).name(), javas.get(i).port() + " java-meta-" + (i + 1));
            }
            awaitSameView(javas, gos, all);

            // Crash one of each language at once: the four survivors agree they are dead.
            GoPeer go3 = gos.remove(2);
            JavaPeer java3 = javas.remove(2);
            go3.crash();
            java3.close();
            all.remove("go-3");
            all.remove("java-3");
            awaitSameView(javas, gos, all);
            for (JavaPeer j : javas) {
                j.awaitLeave("go-3", NodeState.DEAD, WAIT);
                j.awaitLeave("java-3", NodeState.DEAD, WAIT);
            }
            for (GoPeer g : gos) {
                g.awaitMemberState("go-3", "dead", WAIT);
                g.awaitMemberState("java-3", "dead", WAIT);
            }

            // A Java node leaves gracefully: left everywhere, not dead.
            JavaPeer java2 = javas.remove(1);
            java2.list().leave(Duration.ofSeconds(2));
            java2.close();
            all.remove("java-2");
            awaitSameView(javas, gos, all);
            javas.get(0).awaitLeave("java-2", NodeState.LEFT, WAIT);
            for (GoPeer g : gos) {
                g.awaitMemberState("java-2", "left", WAIT);
            }
            assertThat(javas.get(0).events()).noneMatch(e -> e.kind().equals("leave")
                    && e.node().name().equals("java-2") && e.node().state() == NodeState.DEAD);
        } finally {
            javas.forEach(JavaPeer::close);
            gos.forEach(GoPeer::close);
        }
    }
}
