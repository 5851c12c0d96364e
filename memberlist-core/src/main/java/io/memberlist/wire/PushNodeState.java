package io.memberlist.wire;

/**
 * {@code pushNodeState}: one entry of a push/pull exchange. {@code state} is memberlist's wire code:
 * 0 alive, 1 suspect, 2 dead, 3 left.
 */
public record PushNodeState(String name, byte[] addr, int port, byte[] meta, long incarnation, int state, byte[] vsn) {
    public static final int STATE_ALIVE = 0;
    public static final int STATE_SUSPECT = 1;
    public static final int STATE_DEAD = 2;
    public static final int STATE_LEFT = 3;
}
