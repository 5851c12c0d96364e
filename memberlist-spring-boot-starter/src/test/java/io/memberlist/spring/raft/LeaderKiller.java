package io.memberlist.spring.raft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.protocol.RaftPeerId;

/**
 * A thread that, every {@code period}, kills the group's leader, waits for the next one, and after
 * {@code downtime} restarts the killed server from its storage, until stopped or until too little of
 * {@code runFor} is left for a kill to be followed by writes.
 */
final class LeaderKiller {

    /** One kill: who led, when ({@link System#nanoTime()}), and how long until another server led. */
    record Kill(RaftPeerId leader, long nanos, long newLeaderMillis) {
        @Override
        public String toString() {
            return leader + " (next leader after " + newLeaderMillis + " ms)";
        }
    }

    private final LoopbackGroup group;
    private final Duration period;
    private final Duration downtime;
    private final Duration leaderWithin;
    private final long endNanos;
    private final List<Kill> kills = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread = new Thread(this::run, "leader-killer");
    private volatile String failure;

    LeaderKiller(LoopbackGroup group, Duration period, Duration downtime, Duration leaderWithin, Duration runFor) {
        this.group = group;
        this.period = period;
        this.downtime = downtime;
        this.leaderWithin = leaderWithin;
        this.endNanos = System.nanoTime() + runFor.toNanos();
    }

    void start() {
        thread.start();
    }

    /** Stops after the current kill (the killed server restarted); returns the kills. */
    List<Kill> stop() throws InterruptedException {
        stop.countDown();
        thread.join();
        synchronized (kills) {
            return List.copyOf(kills);
        }
    }

    /** Why the killer gave up (no leader in time, a server that would not restart), or null. */
    String failure() {
        return failure;
    }

    private void run() {
        try {
            // Stop killing while a kill could still leave the workload's last calls without a leader.
            while (!stop.await(period.toMillis(), TimeUnit.MILLISECONDS)
                    && System.nanoTime() + period.plus(downtime).toNanos() < endNanos) {
                RaftPeerId leader = group.awaitLeader(leaderWithin);
                if (leader == null) {
                    failure = "no leader within " + leaderWithin;
                    return;
                }
                long killed = System.nanoTime();
                group.kill(leader);
                RaftPeerId next = group.awaitLeader(leaderWithin);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                synchronized (kills) {
                    kills.add(new Kill(leader, killed, took));
                }
                if (next == null) {
                    failure = "no new leader within " + leaderWithin + " after killing " + leader;
                }
                long rest = downtime.toNanos() - (System.nanoTime() - killed);
                if (rest > 0) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(rest));
                }
                group.restart(leader);
                if (next == null) {
                    return;
                }
            }
        } catch (Exception e) {
            failure = e.toString();
        }
    }
}
