package io.memberlist.sample.raft;

import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.builtin.ReplicatedCounter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /counter}: one {@code long} replicated by the raft group, the same on every node. {@code POST}
 * increments it (a raft command: committed by a majority of the voters before it answers) and returns the new
 * value. {@code GET} reads it from this node's applied state, never older than what this node's client has
 * already seen ({@code consistency=sequential}, the default); {@code ?consistency=linearizable} asks the leader,
 * so the value reflects every increment completed anywhere before the call.
 */
@RestController
@ConditionalOnBooleanProperty(name = {"memberlist.enabled", "spring.cloud.discovery.enabled"}, matchIfMissing = true)
@ConditionalOnBooleanProperty("memberlist.raft.enabled")
public class CounterController {
    static final String COUNTER = "visits";

    private final ReplicatedCounter counter;

    public CounterController(RaftOperations raft) {
        this.counter = new ReplicatedCounter(raft, COUNTER);
    }

    @GetMapping("/counter")
    public ResponseEntity<Map<String, Object>> get(@RequestParam(defaultValue = "sequential") String consistency) {
        return switch (consistency) {
            case "sequential" -> RaftReply.of(counter.get(), value -> body(value, consistency));
            case "linearizable" -> RaftReply.of(counter.getLinearizable(), value -> body(value, consistency));
            default -> ResponseEntity.badRequest().body(Map.of("error", "consistency must be sequential (default)"
                    + " or linearizable, not '" + consistency + "'"));
        };
    }

    @PostMapping("/counter")
    public ResponseEntity<Map<String, Object>> increment() {
        return RaftReply.of(counter.incrementAndGet(), value -> body(value, "linearizable"));
    }

    private static Map<String, Object> body(long value, String consistency) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counter", COUNTER);
        out.put("value", value);
        out.put("consistency", consistency);
        return out;
    }
}
