package io.memberlist.spring.raft;

/**
 * An answer to a query and the raft log index of the state it was read from.
 *
 * @param payload the state machine's answer
 * @param index   the last applied log index of the server that answered
 */
public record QueryResult(byte[] payload, long index) {
}
