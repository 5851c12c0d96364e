package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.Commit;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The replicated map machine ({@value MapCodec#MACHINE}): any number of named maps of {@code String} keys to
 * {@code byte[]} values, changed by put / remove / compare-and-set commands and read by get / keys / size
 * queries (format: {@link MapCodec}).
 *
 * <p>Every command that changes an entry publishes one notification, event = the map's name, key = the entry's
 * key, payload = old and new value; a command that changes nothing (a put of the same bytes, a remove of an
 * absent key, a failed CAS) publishes nothing. Applies run on one thread (the group's contract); queries may run
 * on others, hence concurrent maps. Empty maps are dropped, so a map's name costs nothing once it is empty.
 */
public final class MapMachine extends BuiltinMachine {
    private final Map<String, NavigableMap<String, byte[]>> maps = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return MapCodec.MACHINE;
    }

    @Override
    protected byte[] applyCommand(WireReader reader, Commit commit) {
        if (reader.code() < MapCodec.PUT || reader.code() > MapCodec.CAS) {
            throw unknownOpcode("command", reader.code());
        }
        String map = reader.str("map", MapCodec.NAME_BYTES_MAX);
        String key = reader.str("key", MapCodec.KEY_BYTES_MAX);
        return switch (reader.code()) {
            case MapCodec.PUT -> {
                byte[] value = reader.binOrNil("value", MapCodec.VALUE_BYTES_MAX);
                reader.end();
                if (value == null) {
                    throw new MalformedPayloadException("PUT needs a value (to delete, send REMOVE)");
                }
                yield valueReply(write(commit, map, key, value));
            }
            case MapCodec.REMOVE -> {
                reader.end();
                yield valueReply(write(commit, map, key, null));
            }
            case MapCodec.CAS -> compareAndSet(reader, commit, map, key);
            default -> throw unknownOpcode("command", reader.code());
        };
    }

    private byte[] compareAndSet(WireReader reader, Commit commit, String map, String key) {
        byte[] expected = reader.binOrNil("expected", MapCodec.VALUE_BYTES_MAX);
        byte[] update = reader.binOrNil("update", MapCodec.VALUE_BYTES_MAX);
        reader.end();
        byte[] witness = current(map, key);
        boolean swapped = Arrays.equals(witness, expected); // null equals null: "expected absent"
        if (swapped) {
            write(commit, map, key, update);
        }
        return new WireWriter(WireWriter.STATUS_OK).bool(swapped).binOrNil(witness).toByteArray();
    }

    /** Sets (or, for null, removes) an entry; publishes the change if there was one; returns the old value. */
    private byte[] write(Commit commit, String map, String key, byte[] value) {
        byte[] previous = current(map, key);
        if (Arrays.equals(previous, value)) {
            return previous;
        }
        if (value == null) {
            NavigableMap<String, byte[]> entries = maps.get(map);
            entries.remove(key);
            if (entries.isEmpty()) {
                maps.remove(map);
            }
        } else {
            maps.computeIfAbsent(map, m -> new ConcurrentSkipListMap<>()).put(key, value.clone());
        }
        commit.publish(map, key, MapCodec.change(previous, value));
        return previous;
    }

    @Override
    protected byte[] answer(WireReader reader) {
        if (reader.code() < MapCodec.GET || reader.code() > MapCodec.SIZE) {
            throw unknownOpcode("query", reader.code());
        }
        String map = reader.str("map", MapCodec.NAME_BYTES_MAX);
        switch (reader.code()) {
            case MapCodec.GET -> {
                String key = reader.str("key", MapCodec.KEY_BYTES_MAX);
                reader.end();
                return valueReply(current(map, key));
            }
            case MapCodec.KEYS -> {
                reader.end();
                NavigableMap<String, byte[]> entries = maps.getOrDefault(map, new ConcurrentSkipListMap<>());
                return new WireWriter(WireWriter.STATUS_OK).strings(new ArrayList<>(entries.keySet())).toByteArray();
            }
            case MapCodec.SIZE -> {
                reader.end();
                NavigableMap<String, byte[]> entries = maps.get(map);
                return new WireWriter(WireWriter.STATUS_OK).integer(entries == null ? 0 : entries.size()).toByteArray();
            }
            default -> throw unknownOpcode("query", reader.code());
        }
    }

    private byte[] current(String map, String key) {
        NavigableMap<String, byte[]> entries = maps.get(map);
        return entries == null ? null : entries.get(key);
    }

    private static byte[] valueReply(byte[] value) {
        return new WireWriter(WireWriter.STATUS_OK).binOrNil(value).toByteArray();
    }

    /** Snapshot: msgpack {@code version, mapCount, (name, entryCount, (key:str, value:bin)*)*}. */
    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        MessagePacker packer = MessagePack.newDefaultPacker(out);
        packer.packInt(WireWriter.FORMAT_VERSION).packMapHeader(maps.size());
        for (Map.Entry<String, NavigableMap<String, byte[]>> map : maps.entrySet()) {
            NavigableMap<String, byte[]> entries = map.getValue();
            packer.packString(map.getKey()).packMapHeader(entries.size());
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                packer.packString(entry.getKey());
                packer.packBinaryHeader(entry.getValue().length).writePayload(entry.getValue());
            }
        }
        packer.flush(); // not close: the caller owns the stream
    }

    /** Replaces the state only once the whole snapshot has been read; a broken one leaves it as it was. */
    @Override
    public void readSnapshot(InputStream in) throws IOException {
        Map<String, NavigableMap<String, byte[]>> restored = new ConcurrentHashMap<>();
        try {
            MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(in);
            int version = unpacker.unpackInt();
            if (version != WireWriter.FORMAT_VERSION) {
                throw new IOException("map snapshot of format version " + version + " is not supported");
            }
            int mapCount = unpacker.unpackMapHeader();
            for (int m = 0; m < mapCount; m++) {
                NavigableMap<String, byte[]> entries = new ConcurrentSkipListMap<>();
                String name = unpacker.unpackString();
                int entryCount = unpacker.unpackMapHeader();
                for (int e = 0; e < entryCount; e++) {
                    String key = unpacker.unpackString();
                    int length = unpacker.unpackBinaryHeader();
                    if (length > MapCodec.VALUE_BYTES_MAX) { // a corrupt length must not allocate gigabytes
                        throw new IOException("map snapshot has a value of " + length + " bytes");
                    }
                    entries.put(key, unpacker.readPayload(length));
                }
                restored.put(name, entries);
            }
        } catch (MessagePackException e) {
            throw new IOException("map snapshot is malformed: " + e.getMessage(), e);
        }
        maps.clear();
        maps.putAll(restored);
    }

    /** For tests and diagnostics: every map's entries, sorted, values as UTF-8. */
    Map<String, Map<String, String>> contents() {
        Map<String, Map<String, String>> text = new TreeMap<>();
        maps.forEach((name, entries) -> {
            Map<String, String> values = new TreeMap<>();
            entries.forEach((k, v) -> values.put(k, new String(v, StandardCharsets.UTF_8)));
            text.put(name, values);
        });
        return text;
    }
}
