package io.memberlist.wire;

/** {@code suspect}: {@code from} suspects {@code node} at {@code incarnation}. */
public record Suspect(long incarnation, String node, String from) implements Message {
    @Override
    public MessageType type() {
        return MessageType.SUSPECT;
    }
}
