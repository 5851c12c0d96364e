package io.memberlist.spring.cluster;

import io.memberlist.Memberlist;
import io.memberlist.spring.event.MemberlistMemberEvent;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A minimal service for the multi-node test: {@code /hello} answers with the node name. */
@SpringBootApplication
public class ClusterTestApplication {

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder() {
        return RestClient.builder();
    }

    @Bean
    EventLog eventLog() {
        return new EventLog();
    }

    @RestController
    static class Hello {
        private final Memberlist memberlist;

        Hello(Memberlist memberlist) {
            this.memberlist = memberlist;
        }

        @GetMapping("/hello")
        String hello() {
            return memberlist.localNode().name();
        }
    }

    /** Records membership and heartbeat events, in arrival order. */
    public static class EventLog implements ApplicationListener<ApplicationEvent> {
        final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof MemberlistMemberEvent || event instanceof HeartbeatEvent) {
                events.add(event);
            }
        }

        List<Long> heartbeats() {
            return events.stream().filter(HeartbeatEvent.class::isInstance)
                    .map(e -> (Long) ((HeartbeatEvent) e).getValue()).toList();
        }
    }
}
