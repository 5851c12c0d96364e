package io.memberlist.runtime;

import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Warnings about network input, at most one line per key per interval: anyone on the network can make a
 * node log, and 3,000 forged packets must not make 3,000 lines. The first line of a key is written at once;
 * repeats within the interval are counted, and the next line written for that key says how many were
 * suppressed. Keys are few by design (a drop reason, "conflict"); past {@link #KEYS_MAX} distinct keys the
 * rest share one. Thread-safe.
 */
public final class LogThrottle {
    /** Distinct keys remembered; more are folded into one, so forged input cannot grow the map. */
    static final int KEYS_MAX = 64;
    private static final String OTHER = "(other)";
    private static final int PRINTABLE_MAX = 300;

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new HashMap<>();

    /** A throttle on {@code log} with the system clock. */
    public LogThrottle(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    LogThrottle(Logger log, Duration interval, LongSupplier clock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /**
     * {@code text} fit for a log line: it may quote bytes from the network (a forged label, say), so control
     * and non-ASCII characters become {@code ?} and it is cut at {@value #PRINTABLE_MAX} characters.
     */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), PRINTABLE_MAX));
        for (int i = 0; i < text.length() && out.length() < PRINTABLE_MAX; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    public void warn(String key, String format, Object... args) {
        write(Level.WARN, key, format, args);
    }

    public void error(String key, String format, Object... args) {
        write(Level.ERROR, key, format, args);
    }

    private void write(Level level, String key, String format, Object... args) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        long suppressed;
        synchronized (windows) {
            long now = clock.getAsLong();
            Window w = windows.get(key);
            if (w == null) {
                if (windows.size() >= KEYS_MAX) {
                    windows.values().removeIf(old -> now - old.openedAt >= intervalNanos && old.suppressed == 0);
                }
                String k = windows.size() >= KEYS_MAX ? OTHER : key;
                w = windows.computeIfAbsent(k, x -> new Window(now - intervalNanos));
            }
            if (now - w.openedAt < intervalNanos) {
                w.suppressed++;
                return;
            }
            suppressed = w.suppressed;
            w.openedAt = now;
            w.suppressed = 0;
        }
        String line = suppressed == 0 ? format : format + " ({} similar suppressed)";
        Object[] withCount = args;
        if (suppressed > 0) {
            withCount = java.util.Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = suppressed;
        }
        log.atLevel(level).log(line, withCount);
    }

    private static final class Window {
        long openedAt;
        long suppressed;

        Window(long openedAt) {
            this.openedAt = openedAt;
        }
    }
}
