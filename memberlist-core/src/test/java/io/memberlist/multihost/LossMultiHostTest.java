package io.memberlist.multihost;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two clusters of five, one losing 10 % and one 20 % of all packets at every host for 3 minutes, side by side
 * (in separate beds, to keep the suite short): nobody is declared dead. Suspicions are fine as long as they
 * are refuted; their count is printed.
 */
@Tag("multihost")
class LossMultiHostTest {
    private static final Duration LOSS_PERIOD = Duration.ofMinutes(3);

    @BeforeEach
    void requireNamespaces() {
        Netns.requireAvailable();
    }

    @Test
    void tenAndTwentyPercentLossForThreeMinutesDeclareNobodyDead() {
        try (NetnsBed tenBed = NetnsBed.start("loss-10", "10.77.3", 5);
             NetnsBed twentyBed = NetnsBed.start("loss-20", "10.77.4", 5);
             Cluster ten = Cluster.start(tenBed);
             Cluster twenty = Cluster.start(twentyBed)) {
            await().atMost(Cluster.startupAllowance().plus(Cluster.LAN.pushPullInterval()))
                    .pollInterval(Duration.ofMillis(100)).until(() -> ten.converged() && twenty.converged());
            new Faults(tenBed).loss(10);
            new Faults(twentyBed).loss(20);
            long start = System.currentTimeMillis();
            long tenBefore = ten.suspicions();
            long twentyBefore = twenty.suspicions();

            // A death never goes away, so the first one fails the test (after atMost) with the deaths listed.
            await().during(LOSS_PERIOD).atMost(LOSS_PERIOD.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(List.of(ten.deathsSince(start), twenty.deathsSince(start)))
                            .as("deaths under 10 %% and 20 %% loss (suspicions: %d, %d)",
                                    ten.suspicions() - tenBefore, twenty.suspicions() - twentyBefore)
                            .allMatch(List::isEmpty));

            System.out.printf("MULTIHOST loss for %s, 5 nodes: 10 %% -> %d suspicions, 20 %% -> %d suspicions, "
                    + "0 deaths%n", LOSS_PERIOD, ten.suspicions() - tenBefore, twenty.suspicions() - twentyBefore);
            assertThat(List.of(ten.exited(), twenty.exited())).allMatch(List::isEmpty);
            for (Cluster c : List.of(ten, twenty)) {
                c.nodes().forEach(n -> assertThat(n.view()).as("%s's view", n.name()).hasSize(5));
            }
        }
    }
}
