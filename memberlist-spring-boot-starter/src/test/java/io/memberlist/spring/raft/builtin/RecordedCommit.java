package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.Commit;
import io.memberlist.spring.raft.Notification;

import java.util.ArrayList;
import java.util.List;

/** A {@link Commit} as the group would hand it to a machine, recording what the machine publishes. */
record RecordedCommit(long index, long time, byte[] payload, String machine, List<Notification> published)
        implements Commit {

    static RecordedCommit of(String machine, long index, long time, byte[] payload) {
        return new RecordedCommit(index, time, payload, machine, new ArrayList<>());
    }

    @Override
    public void publish(String event, String key, byte[] payload) {
        published.add(new Notification(machine, event, key, payload, index));
    }
}
