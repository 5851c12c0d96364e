package io.memberlist.wire;

/**
 * {@code alive}: {@code node} is alive at {@code incarnation}, reachable at {@code addr:port}, with its meta
 * and the 6-byte version vector {@code [pmin, pmax, pcur, dmin, dmax, dcur]}.
 */
public record Alive(long incarnation, String node, byte[] addr, int port, byte[] meta, byte[] vsn) implements Message {
    @Override
    public MessageType type() {
        return MessageType.ALIVE;
    }
}
