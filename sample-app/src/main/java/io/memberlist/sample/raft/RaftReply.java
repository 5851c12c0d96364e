package io.memberlist.sample.raft;

import io.memberlist.spring.raft.statemachine.RaftOperationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Turns the outcome of a raft call into an HTTP answer. The group being unable to answer (not formed yet, no
 * leader within the client's timeout) is a 503 with the reason, not a 500 with a stack trace: it is a state of
 * the cluster the caller may wait out, not a bug.
 */
final class RaftReply {
    /**
     * Longer than the raft client's own command timeout (30 s), so its message (which says what it waited for)
     * is the one the caller sees; this bound only keeps a request thread from waiting forever.
     */
    static final Duration WAIT = Duration.ofSeconds(40);

    private RaftReply() {
    }

    static <T> ResponseEntity<Map<String, Object>> of(CompletableFuture<T> call,
                                                      Function<T, Map<String, Object>> body) {
        try {
            return ResponseEntity.ok(body.apply(call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RaftOperationException unavailable) {
                return unavailable(unavailable.getMessage());
            }
            throw new IllegalStateException("raft call failed", e.getCause());
        } catch (TimeoutException e) {
            call.cancel(true);
            return unavailable("the raft group gave no answer within " + WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while waiting for the raft group");
        }
    }

    static ResponseEntity<Map<String, Object>> unavailable(String reason) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", reason));
    }
}
