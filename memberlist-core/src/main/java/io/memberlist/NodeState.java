package io.memberlist;

/**
 * What a node believes of a member. The order is memberlist's wire code ({@code NodeStateType}):
 * alive 0, suspect 1, dead 2, left 3. WARNING: ONLY APPEND.
 */
public enum NodeState {
    /** Answering probes, or refuted the last accusation. */
    ALIVE,
    /** A probe failed; the member has until its suspicion timeout to refute. */
    SUSPECT,
    /** Declared failed: the suspicion timed out, or a dead message arrived. */
    DEAD,
    /** Left gracefully: it announced its own death. */
    LEFT;

    private static final NodeState[] BY_CODE = values();

    /** The wire code (0..3). */
    public int code() {
        return ordinal();
    }

    /** The state for a wire code; throws for codes memberlist does not define. */
    public static NodeState fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown node state code " + code);
        }
        return BY_CODE[code];
    }

    /** Dead or left: not a member any more. */
    public boolean isDeadOrLeft() {
        return this == DEAD || this == LEFT;
    }
}
