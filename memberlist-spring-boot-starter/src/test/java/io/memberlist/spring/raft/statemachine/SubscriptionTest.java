package io.memberlist.spring.raft.statemachine;

import io.memberlist.spring.raft.Notification;
import io.memberlist.spring.raft.Subscription;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.memberlist.spring.raft.statemachine.RatisTestCluster.MACHINE;
import static io.memberlist.spring.raft.statemachine.RegisterMachine.text;
import static io.memberlist.spring.raft.statemachine.RegisterMachine.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Subscriptions through the leader: order, key filter, a leader crash, and close. */
class SubscriptionTest {

    @TempDir
    Path dir;

    @Test
    void notificationsArriveInLogOrderFilteredByKeyUntilClosed() throws Exception {
        try (RatisTestCluster cluster = new RatisTestCluster(dir, 3);
             RatisRaftOperations raft = cluster.operations(RatisRaftOperations.Settings.defaults())) {
            cluster.awaitLeader();
            raft.command(MACHINE, utf8("warmup=0")).get(30, TimeUnit.SECONDS);
            List<Notification> all = new CopyOnWriteArrayList<>();
            List<Notification> onlyA = new CopyOnWriteArrayList<>();
            Subscription allKeys = raft.subscribe(MACHINE, "changed", null, all::add);
            Subscription keyA = raft.subscribe(MACHINE, "changed", "a", onlyA::add);

            for (int i = 1; i <= 10; i++) {
                raft.command(MACHINE, utf8((i % 2 == 0 ? "a" : "b") + "=" + i)).get(30, TimeUnit.SECONDS);
            }
            await().atMost(RatisTestCluster.AWAIT).until(() -> all.size() == 10 && onlyA.size() == 5);
            assertThat(all).extracting(n -> text(n.payload()))
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
            assertThat(all).extracting(Notification::index).isSorted().doesNotHaveDuplicates();
            assertThat(onlyA).extracting(Notification::key).containsOnly("a");
            assertThat(onlyA).extracting(n -> text(n.payload())).containsExactly("2", "4", "6", "8", "10");

            keyA.close();
            allKeys.close();
            raft.command(MACHINE, utf8("a=after-close")).get(30, TimeUnit.SECONDS);
            // A subscription opened after the closed ones sees this command; the closed ones must not.
            List<Notification> witness = new CopyOnWriteArrayList<>();
            try (Subscription late = raft.subscribe(MACHINE, "changed", "a", witness::add)) {
                raft.command(MACHINE, utf8("a=witnessed")).get(30, TimeUnit.SECONDS);
                await().atMost(RatisTestCluster.AWAIT).until(() -> witness.size() == 1);
            }
            assertThat(all).hasSize(10);
            assertThat(onlyA).hasSize(5);
        }
    }

    @Test
    void aLeaderCrashLosesAndDuplicatesNothing() throws Exception {
        try (RatisTestCluster cluster = new RatisTestCluster(dir, 3);
             RatisRaftOperations raft = cluster.operations(RatisRaftOperations.Settings.defaults())) {
            RaftPeerId leader = cluster.awaitLeader();
            raft.command(MACHINE, utf8("warmup=0")).get(30, TimeUnit.SECONDS);
            List<Notification> received = new CopyOnWriteArrayList<>();
            Subscription subscription = raft.subscribe(MACHINE, "changed", "n", received::add);

            AtomicBoolean crashed = new AtomicBoolean();
            int count = 40;
            List<String> sent = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= count; i++) {
                    String value = Integer.toString(i);
                    raft.command(MACHINE, utf8("n=" + value)).join();
                    sent.add(value);
                    if (i == count / 2) {
                        try {
                            cluster.stop(leader);
                            crashed.set(true);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            });
            writer.get(60, TimeUnit.SECONDS);
            assertThat(crashed).isTrue();
            assertThat(cluster.awaitLeader()).isNotEqualTo(leader);
            await().atMost(RatisTestCluster.AWAIT).until(() -> received.size() >= count);
            assertThat(received).extracting(n -> text(n.payload())).containsExactlyElementsOf(sent);
            subscription.close();
        }
    }

    @Test
    void aSubscriberThatFellBehindTheBufferIsToldOfTheGap() throws Exception {
        try (RatisTestCluster cluster = new RatisTestCluster(dir, 3, p -> { }, 2);
             RatisRaftOperations raft = cluster.operations(RatisRaftOperations.Settings.defaults())) {
            cluster.awaitLeader();
            raft.command(MACHINE, utf8("warmup=0")).get(30, TimeUnit.SECONDS);
            List<Notification> received = new CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
            try (Subscription subscription = raft.subscribe(MACHINE, "changed", null, n -> {
                received.add(n);
                if (received.size() == 1) {
                    try {
                        slow.await(30, TimeUnit.SECONDS); // the listener is stuck while 5 more are published
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            })) {
                raft.command(MACHINE, utf8("k=1")).get(30, TimeUnit.SECONDS);
                await().atMost(RatisTestCluster.AWAIT).until(() -> received.size() == 1);
                for (int i = 2; i <= 6; i++) {
                    raft.command(MACHINE, utf8("k=" + i)).get(30, TimeUnit.SECONDS);
                }
                slow.countDown();
                await().atMost(RatisTestCluster.AWAIT).until(() -> received.size() == 4);
                assertThat(received).extracting(Notification::event)
                        .containsExactly("changed", RatisRaftOperations.GAP_EVENT, "changed", "changed");
                assertThat(received).extracting(n -> text(n.payload())).containsExactly("1", "", "5", "6");
                assertThat(received.get(1).index()).isBetween(received.get(0).index() + 1, received.get(2).index() - 1);
            }
        }
    }
}
