package io.memberlist.spring.raft.statemachine;

/**
 * What a subscription wants: one event of one machine, for one key or (key null) every key.
 */
record NotificationFilter(String machine, String event, String key) {

    boolean matches(BufferedNotification notification) {
        return machine.equals(notification.machine()) && event.equals(notification.event())
                && (key == null || key.equals(notification.key()));
    }
}
