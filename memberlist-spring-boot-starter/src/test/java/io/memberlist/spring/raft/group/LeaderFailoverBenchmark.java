package io.memberlist.spring.raft.group;

import io.memberlist.spring.raft.group.RaftTestCluster.Member;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Leader failover on loopback: three voters with the test cluster's timeouts (election 500-1000 ms), the leader
 * killed (no handover, no memberlist leave), then the time until a write commits through a surviving member:
 * a new election plus one commit. Prints each run and the median. A program, not a test.
 *
 * <pre>
 * mvn -q -o -pl memberlist-spring-boot-starter -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * S=memberlist-spring-boot-starter/target
 * java -cp $S/test-classes:$S/classes:$(cat /tmp/cp.txt) io.memberlist.spring.raft.group.LeaderFailoverBenchmark 7
 * </pre>
 * (the argument is the number of runs; {@code exec:java} would also run in memberlist-core, where the class is
 * not).
 */
public final class LeaderFailoverBenchmark {
    private LeaderFailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path dir = Files.createTempDirectory("raft-failover");
            try (RaftTestCluster cluster = new RaftTestCluster(dir, 3, Duration.ofMinutes(5))) {
                for (String name : List.of("node-a", "node-b", "node-c")) {
                    cluster.start(name);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (cluster.leader() == null && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Member leader = cluster.leader();
                Member survivor = cluster.running().stream().filter(m -> m != leader).findFirst().orElseThrow();
                RaftTestCluster.increment(survivor);
                long killed = System.nanoTime();
                cluster.kill(leader.name);
                RaftTestCluster.increment(survivor); // retried by the client until a new leader commits it
                long took = Duration.ofNanos(System.nanoTime() - killed).toMillis();
                millis.add(took);
                System.out.printf("run %d: leader %s killed -> write committed after %d ms (new leader %s)%n",
                        run + 1, leader.name, took, cluster.leader() == null ? "?" : cluster.leader().name);
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("leader failover (kill -> next write committed), %d runs: median %d ms, min %d ms,"
                + " max %d ms; election timeout %s-%s%n", runs, sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1), RaftTestCluster.ELECTION_MIN, RaftTestCluster.ELECTION_MAX);
        System.exit(0);
    }
}
