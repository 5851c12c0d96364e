package io.memberlist.spring.raft;

/**
 * A notification published by a command, as a subscriber receives it.
 *
 * @param machine the state machine that published it
 * @param event   the event name
 * @param key     the key, or null when the event has none
 * @param payload what the state machine published
 * @param index   the log index of the command that published it
 */
public record Notification(String machine, String event, String key, byte[] payload, long index) {
}
