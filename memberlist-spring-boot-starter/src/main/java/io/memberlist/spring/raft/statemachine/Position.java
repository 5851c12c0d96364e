package io.memberlist.spring.raft.statemachine;

/**
 * Where a notification sits in the replicated history: the log index of the command that published it and its
 * place among that command's publications. Identical on every server, because apply is deterministic.
 *
 * @param index   the log index of the publishing command
 * @param ordinal 0 for the command's first publication, 1 for the second, ...
 */
record Position(long index, int ordinal) implements Comparable<Position> {

    /** Before every notification. */
    static final Position START = new Position(0, -1);

    /** A client's "from now on": the server replaces it by its newest position. */
    static final Position NOW = new Position(-1, -1);

    /** After every notification of entries up to and including {@code index}. */
    static Position afterEntry(long index) {
        return new Position(index, Integer.MAX_VALUE);
    }

    @Override
    public int compareTo(Position other) {
        int byIndex = Long.compare(index, other.index);
        return byIndex != 0 ? byIndex : Integer.compare(ordinal, other.ordinal);
    }

    boolean isAfter(Position other) {
        return compareTo(other) > 0;
    }

    static Position max(Position a, Position b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
