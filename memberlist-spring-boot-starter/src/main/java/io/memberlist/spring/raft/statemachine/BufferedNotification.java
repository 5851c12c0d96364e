package io.memberlist.spring.raft.statemachine;

import io.memberlist.spring.raft.Notification;

/** A published notification as every server keeps it, with its position in the replicated history. */
record BufferedNotification(String machine, String event, String key, byte[] payload, Position position) {

    Notification toNotification() {
        return new Notification(machine, event, key, payload.clone(), position.index());
    }
}
