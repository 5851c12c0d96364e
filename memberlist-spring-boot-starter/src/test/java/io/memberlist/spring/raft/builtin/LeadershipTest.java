package io.memberlist.spring.raft.builtin;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LeadershipTest {
    private final List<Object> published = new ArrayList<>();
    private final Leadership leadership = new Leadership(published::add, Runnable::run);

    @Test
    void becomingLeader_publishesGranted_andLosingIt_publishesRevoked() {
        leadership.onLeaderChanged(true, 3, "n1");
        assertThat(leadership.isLeader()).isTrue();
        leadership.onLeaderChanged(false, 4, "n2");

        assertThat(published).hasSize(2);
        assertThat(published.get(0)).isInstanceOfSatisfying(LeadershipGrantedEvent.class, e -> {
            assertThat(e.getTerm()).isEqualTo(3);
            assertThat(e.getLeaderId()).isEqualTo("n1");
        });
        assertThat(published.get(1)).isInstanceOfSatisfying(LeadershipRevokedEvent.class, e -> {
            assertThat(e.getTerm()).isEqualTo(3);
            assertThat(e.getLeaderId()).isEqualTo("n2");
        });
        assertThat(leadership.isLeader()).isFalse();
        assertThat(leadership.leaderId()).isEqualTo("n2");
    }

    @Test
    void repeatedViews_publishNothingMore() {
        leadership.onLeaderChanged(false, 1, null);
        leadership.onLeaderChanged(false, 2, "n2");
        leadership.onLeaderChanged(true, 3, "n1");
        leadership.onLeaderChanged(true, 3, "n1");

        assertThat(published).hasSize(1).first().isInstanceOf(LeadershipGrantedEvent.class);
    }

    @Test
    void leaderAgainInALaterTerm_publishesRevokedThenGranted() {
        leadership.onLeaderChanged(true, 3, "n1");
        leadership.onLeaderChanged(true, 5, "n1"); // the term-4 step-down was never reported

        assertThat(published).extracting(e -> e.getClass().getSimpleName() + "@" + ((LeadershipEvent) e).getTerm())
                .containsExactly("LeadershipGrantedEvent@3", "LeadershipRevokedEvent@3", "LeadershipGrantedEvent@5");
    }

    @Test
    void updateOfAnOlderTerm_isIgnoredAndCounted() {
        leadership.onLeaderChanged(true, 5, "n1");
        leadership.onLeaderChanged(false, 4, "n2");

        assertThat(leadership.isLeader()).isTrue();
        assertThat(leadership.term()).isEqualTo(5);
        assertThat(leadership.staleUpdates()).isEqualTo(1);
        assertThat(published).hasSize(1);
    }

    @Test
    void runIfLeader_runsOnlyOnTheLeader() {
        List<String> ran = new ArrayList<>();
        assertThat(leadership.runIfLeader(() -> ran.add("follower"))).isFalse();
        leadership.onLeaderChanged(true, 1, "n1");
        assertThat(leadership.runIfLeader(() -> ran.add("leader"))).isTrue();

        assertThat(ran).containsExactly("leader");
    }

    @Test
    void eventListeners_inAContext_receiveTheEvents() {
        new ApplicationContextRunner().withUserConfiguration(ListenerConfiguration.class).run(context -> {
            Leadership bean = context.getBean(Leadership.class);
            bean.onLeaderChanged(true, 7, "n1");
            bean.onLeaderChanged(false, 8, null);

            assertThat(context.getBean(Recorder.class).events)
                    .containsExactly("granted 7", "revoked 7");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {
        @Bean
        Leadership leadership(ApplicationEventPublisher publisher) {
            return new Leadership(publisher, Runnable::run);
        }

        @Bean
        Recorder recorder() {
            return new Recorder();
        }
    }

    static class Recorder {
        final List<String> events = new ArrayList<>();

        @EventListener
        void on(LeadershipGrantedEvent event) {
            events.add("granted " + event.getTerm());
        }

        @EventListener
        void on(LeadershipRevokedEvent event) {
            events.add("revoked " + event.getTerm());
        }
    }
}
