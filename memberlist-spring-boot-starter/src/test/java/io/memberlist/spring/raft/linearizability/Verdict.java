package io.memberlist.spring.raft.linearizability;

/** What a check concluded. */
public enum Verdict {
    /** Some order of the operations, each placed within its own interval, satisfies the register's specification. */
    LINEARIZABLE,
    /** No such order exists: the history shows a real violation (see the explanation). */
    NOT_LINEARIZABLE,
    /** The search ran out of its step budget before deciding. Neither a pass nor a failure. */
    UNKNOWN
}
