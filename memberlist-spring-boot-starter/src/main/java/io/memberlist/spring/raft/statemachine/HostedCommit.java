package io.memberlist.spring.raft.statemachine;

import io.memberlist.spring.raft.Commit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Commit} a hosted machine sees while one log entry is applied. Publications are collected here and
 * reach the {@link NotificationLog} only if the machine's apply returns normally, so a failing command publishes
 * nothing (on every server alike).
 */
final class HostedCommit implements Commit {

    private final String machine;
    private final long index;
    private final long time;
    private final byte[] payload;
    private final List<BufferedNotification> published = new ArrayList<>();
    private boolean open = true;

    HostedCommit(String machine, long index, long time, byte[] payload) {
        this.machine = machine;
        this.index = index;
        this.time = time;
        this.payload = payload;
    }

    @Override
    public long index() {
        return index;
    }

    @Override
    public long time() {
        return time;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public void publish(String event, String key, byte[] payload) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
        if (!open) {
            throw new IllegalStateException("commit " + index + " of machine '" + machine
                    + "' was already applied; publish only during apply");
        }
        if (RatisRaftOperations.GAP_EVENT.equals(event)) {
            throw new IllegalArgumentException("event name '" + event + "' is reserved for gap reports");
        }
        published.add(new BufferedNotification(machine, event, key, payload.clone(),
                new Position(index, published.size())));
    }

    /** Ends the apply: later publish calls fail, and the notifications are handed over. */
    List<BufferedNotification> close() {
        open = false;
        return List.copyOf(published);
    }
}
