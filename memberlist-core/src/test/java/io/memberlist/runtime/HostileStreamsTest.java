package io.memberlist.runtime;

import io.memberlist.Memberlist;
import io.memberlist.MemberlistException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real sockets on loopback against one node: connections that hold stream slots without sending a request
 * must neither keep an honest node from joining nor live long; a join refused for a label says why. Every
 * bound derives from the node's TCP timeout ({@link #TCP_TIMEOUT}; the idle limit is a quarter of it).
 */
class HostileStreamsTest {
    /** Long enough that a cut "before the TCP timeout" cannot be luck on two busy cores. */
    private static final Duration TCP_TIMEOUT = Duration.ofSeconds(4);
    /** More attackers than Go's 128 push/pull slots, which used to be 128 connection slots. */
    private static final int ATTACKERS = 200;

    private final LoopbackNodes nodes = new LoopbackNodes();
    private final List<Socket> attackers = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : attackers) {
            s.close();
        }
        nodes.close();
    }

    @Test
    void idleConnections_doNotKeepANewNodeFromJoiningAndAreCutAndCounted() throws Exception {
        Memberlist target = nodes.start(LoopbackNodes.fast().tcpTimeout(TCP_TIMEOUT), "target");
        long openedAt = System.nanoTime();
        connectAttackers(target);
        Memberlist joiner = nodes.start(LoopbackNodes.fast(), "joiner");
        assertThat(joiner.join(List.of(LoopbackNodes.seed(target)))).as("joined on the first attempt").isEqualTo(1);
        for (Socket s : attackers) {
            assertThat(closedByPeer(s, openedAt)).as("an idle connection is cut before the TCP timeout").isTrue();
        }
        LoopbackNodes.awaitTrue(() -> target.stats().droppedByReason().get("timeout") >= ATTACKERS, TCP_TIMEOUT,
                () -> "every idle connection counted: " + target.stats().droppedByReason());
    }

    @Test
    void tricklingConnections_doNotKeepANewNodeFromJoiningAndAreCutBeforeTheTcpTimeout() throws Exception {
        Memberlist target = nodes.start(LoopbackNodes.fast().tcpTimeout(TCP_TIMEOUT), "target");
        long openedAt = System.nanoTime();
        connectAttackers(target);
        // One byte per connection every eighth of the TCP timeout: never silent for the idle limit (a quarter).
        Thread trickle = new Thread(() -> {
            for (int i = 0; i < 8 && !Thread.currentThread().isInterrupted(); i++) {
                for (Socket s : attackers) {
                    try {
                        s.getOutputStream().write(i == 0 ? 8 : 0x81); // a user message header, slowly
                    } catch (IOException e) {
                        // cut: that is the point
                    }
                }
                try {
                    Thread.sleep(TCP_TIMEOUT.toMillis() / 8);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        trickle.start();
        try {
            Memberlist joiner = nodes.start(LoopbackNodes.fast(), "joiner");
            assertThat(joiner.join(List.of(LoopbackNodes.seed(target)))).isEqualTo(1);
            for (Socket s : attackers) {
                assertThat(closedByPeer(s, openedAt)).as("a trickling connection is cut before the TCP timeout")
                        .isTrue();
            }
        } finally {
            trickle.interrupt();
            trickle.join();
        }
        assertThat(target.stats().droppedByReason().get("timeout")).isGreaterThanOrEqualTo(ATTACKERS);
    }

    @Test
    void joinRefusedForAnotherLabel_saysWhatLikelyHappenedAndIsCounted() throws Exception {
        Memberlist target = nodes.start(LoopbackNodes.fast().label("blue"), "target");
        Memberlist joiner = nodes.start(LoopbackNodes.fast().label("green"), "joiner");
        assertThatThrownBy(() -> joiner.join(List.of(LoopbackNodes.seed(target))))
                .isInstanceOf(MemberlistException.class)
                .hasMessageContaining("no reply from 127.0.0.1:" + target.localNode().port())
                .hasMessageContaining("different gossip key or label");
        assertThat(joiner.stats().streamsUnanswered()).isEqualTo(1);
        LoopbackNodes.awaitTrue(() -> target.stats().droppedByReason().get("label") == 1, Duration.ofSeconds(5),
                () -> "the target counts the stream it refused: " + target.stats().droppedByReason());
    }

    private void connectAttackers(Memberlist target) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", target.localNode().port());
        for (int i = 0; i < ATTACKERS; i++) {
            Socket s = new Socket();
            s.connect(address, 5_000);
            attackers.add(s);
        }
    }

    /** Whether the node closed {@code s} before the TCP timeout, counted from {@code openedAt}. */
    private static boolean closedByPeer(Socket s, long openedAt) throws IOException {
        long left = TCP_TIMEOUT.toMillis() - (System.nanoTime() - openedAt) / 1_000_000;
        if (left <= 0) {
            return false;
        }
        s.setSoTimeout((int) left);
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the node
        }
    }
}
