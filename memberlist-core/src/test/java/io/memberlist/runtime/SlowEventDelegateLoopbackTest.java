package io.memberlist.runtime;

import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.delegate.Delegate;
import io.memberlist.delegate.EventDelegate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Protocol replies must not queue behind application callbacks: a stuck event handler must not fail joins. */
class SlowEventDelegateLoopbackTest {
    /** Roomy, so a busy machine cannot fail the join; a reply stuck behind the handler never comes at all. */
    private static final java.time.Duration TCP_TIMEOUT = java.time.Duration.ofSeconds(5);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Memberlist> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        release.countDown();
        nodes.forEach(Memberlist::shutdown);
    }

    @Test
    void join_seedsEventDelegateIsStuck_pushPullIsStillAnswered() throws Exception {
        EventDelegate stuck = new EventDelegate() {
            @Override
            public void notifyJoin(Node node) {
                try {
                    release.await(); // e.g. an application that blocks on a slow downstream service
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Memberlist seed = Memberlist.create(LoopbackNodes.fast().tcpTimeout(TCP_TIMEOUT).name("seed").events(stuck)
                .delegate(new Delegate() {
                    @Override
                    public byte[] localState(boolean join) {
                        return new byte[] {1, 2, 3};
                    }
                }).build());
        nodes.add(seed);
        Memberlist joiner = Memberlist.create(LoopbackNodes.fast().tcpTimeout(TCP_TIMEOUT).name("joiner").build());
        nodes.add(joiner);

        // One push/pull, bounded by tcpTimeout; twice that plus slack for a busy machine.
        long bound = 2 * joiner.config().tcpTimeout().toMillis() + 5_000;
        int joined = joiner.joinAsync(List.of(LoopbackNodes.seed(seed))).get(bound, TimeUnit.MILLISECONDS);

        assertThat(joined).isEqualTo(1);
        assertThat(joiner.numMembers()).isEqualTo(2);
    }
}
