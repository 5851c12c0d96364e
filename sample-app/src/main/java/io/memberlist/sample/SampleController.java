package io.memberlist.sample;

import io.memberlist.Memberlist;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /hello} says who answers, {@code /call} asks a peer by service name, {@code /members} shows the cluster.
 * Absent when the node is off ({@code memberlist.enabled=false} or {@code spring.cloud.discovery.enabled=false}):
 * the application still starts, without these pages.
 */
@RestController
@ConditionalOnBooleanProperty(name = {"memberlist.enabled", "spring.cloud.discovery.enabled"}, matchIfMissing = true)
public class SampleController {
    private final Memberlist memberlist;
    private final DiscoveryClient discovery;
    private final RestClient restClient;
    private final String serviceId;

    public SampleController(Memberlist memberlist, DiscoveryClient discovery, RestClient.Builder loadBalanced,
                            @Value("${spring.application.name}") String serviceId) {
        this.memberlist = memberlist;
        this.discovery = discovery;
        this.restClient = loadBalanced.build();
        this.serviceId = serviceId;
    }

    @GetMapping("/hello")
    public String hello() {
        return memberlist.localNode().name();
    }

    /** Calls {@code /hello} on another instance of this service, by name; this one only when it is alone. */
    @GetMapping("/call")
    public Map<String, String> call() {
        String self = hello();
        String answer = null;
        int instances = discovery.getInstances(serviceId).size();
        for (int attempt = 0; attempt < Math.max(1, instances) && (answer == null || answer.equals(self)); attempt++) {
            try {
                answer = restClient.get().uri("http://" + serviceId + "/hello").retrieve().body(String.class);
            } catch (RestClientException e) {
                answer = "error: " + e.getMessage();
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("from", self);
        out.put("answeredBy", answer);
        return out;
    }

    @GetMapping("/members")
    public Map<String, Object> members() {
        List<Map<String, Object>> members = memberlist.members().stream().map(n -> Map.<String, Object>of(
                "name", n.name(), "address", n.address().toString(), "state", n.state().name())).toList();
        List<Map<String, Object>> instances = discovery.getInstances(serviceId).stream()
                .map(SampleController::describe).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("self", memberlist.localNode().name());
        out.put("members", members);
        out.put("instances", instances);
        return out;
    }

    private static Map<String, Object> describe(ServiceInstance i) {
        return Map.of("instanceId", i.getInstanceId(), "uri", i.getUri().toString(), "metadata", i.getMetadata());
    }
}
