package io.memberlist.spring.raft.builtin;

/**
 * An entry of a {@link ReplicatedMap} changed.
 *
 * @param map      the map's name
 * @param key      the entry's key
 * @param previous the value before, or null when the entry was created
 * @param current  the value after, or null when the entry was removed
 * @param index    the raft log index of the command that changed it (increases with every change)
 */
public record MapChange<V>(String map, String key, V previous, V current, long index) {
}
