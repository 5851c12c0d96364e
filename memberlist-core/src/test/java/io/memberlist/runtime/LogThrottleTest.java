package io.memberlist.runtime;

import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** One line per key per interval, on a made-up clock, written to a recording logger. */
class LogThrottleTest {
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Queue<SubstituteLoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final LogThrottle throttle = new LogThrottle(
            new EventRecordingLogger(new SubstituteLogger("test", events, false), events), INTERVAL, now::get);

    @Test
    void repeats_withinTheInterval_makeOneLineThenTheNextSaysHowManyWereSuppressed() {
        for (int i = 0; i < 3_000; i++) {
            throttle.warn("conflict", "conflicting address for {}", "node-" + i);
        }
        assertThat(lines()).containsExactly("WARN conflicting address for node-0");
        now.addAndGet(INTERVAL.toNanos());
        throttle.warn("conflict", "conflicting address for {}", "node-x");
        assertThat(lines()).last().isEqualTo("WARN conflicting address for node-x (2999 similar suppressed)");
    }

    @Test
    void keys_areThrottledApart() {
        throttle.warn("label", "dropped {}", "a");
        throttle.error("decrypt", "dropped {}", "b");
        throttle.warn("label", "dropped {}", "c");
        assertThat(lines()).containsExactly("WARN dropped a", "ERROR dropped b");
    }

    @Test
    void manyDistinctKeys_shareOneWindowPastTheCap() {
        for (int i = 0; i < 10 * LogThrottle.KEYS_MAX; i++) {
            throttle.warn("key-" + i, "line {}", i);
        }
        assertThat(lines()).as("one line per remembered key, and one for all the rest").hasSize(LogThrottle.KEYS_MAX + 1);
    }

    @Test
    void printable_replacesControlAndNonAsciiCharactersAndCutsLongText() {
        assertThat(LogThrottle.printable("label '\n\u001b[31mx\u00e9' is not ours")).isEqualTo("label '??[31mx?' is not ours");
        assertThat(LogThrottle.printable("x".repeat(1000))).hasSize(300);
    }

    private List<String> lines() {
        return events.stream().map(e -> levelName(e.getLevel()) + " "
                + MessageFormatter.basicArrayFormat(e.getMessage(), e.getArgumentArray())).toList();
    }

    private static String levelName(Level level) {
        return level.name();
    }
}
