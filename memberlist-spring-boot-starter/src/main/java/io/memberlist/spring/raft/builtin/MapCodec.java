package io.memberlist.spring.raft.builtin;

import java.util.List;

/**
 * The wire format of the {@link MapMachine} (format version {@value WireWriter#FORMAT_VERSION}, see
 * {@link WireWriter}). Every message is a msgpack sequence {@code version, code, fields...}; {@code bin?} is a
 * msgpack bin or nil (absent).
 *
 * <pre>
 * commands                                                   reply (status 0)
 *   1 PUT     map:str key:str value:bin                       previous:bin?
 *   2 REMOVE  map:str key:str                                 previous:bin?
 *   3 CAS     map:str key:str expected:bin? update:bin?       swapped:bool witness:bin?
 *             (expected nil = "expected absent"; update nil = remove; witness = the value before)
 * queries
 *   1 GET     map:str key:str                                 value:bin?
 *   2 KEYS    map:str                                         keys:[str] (sorted)
 *   3 SIZE    map:str                                         size:int
 * notification: event = map name, key = entry key, payload = version 0 old:bin? new:bin?
 * </pre>
 * WARNING: only append opcodes; their numbers are written to the raft log.
 */
final class MapCodec {
    static final String MACHINE = "map";

    static final int PUT = 1;
    static final int REMOVE = 2;
    static final int CAS = 3;

    static final int GET = 1;
    static final int KEYS = 2;
    static final int SIZE = 3;

    /** Map names are few and chosen by the application; keys may come from users, so both are bounded. */
    static final int NAME_BYTES_MAX = 256;
    static final int KEY_BYTES_MAX = 1024;
    /** Far below Ratis's default log entry limit, so one value never stalls replication. */
    static final int VALUE_BYTES_MAX = 1 << 20;

    private MapCodec() {
    }

    static byte[] put(String map, String key, byte[] value) {
        return new WireWriter(PUT).str(map).str(key).binOrNil(value).toByteArray();
    }

    static byte[] remove(String map, String key) {
        return new WireWriter(REMOVE).str(map).str(key).toByteArray();
    }

    static byte[] compareAndSet(String map, String key, byte[] expected, byte[] update) {
        return new WireWriter(CAS).str(map).str(key).binOrNil(expected).binOrNil(update).toByteArray();
    }

    static byte[] get(String map, String key) {
        return new WireWriter(GET).str(map).str(key).toByteArray();
    }

    static byte[] keys(String map) {
        return new WireWriter(KEYS).str(map).toByteArray();
    }

    static byte[] size(String map) {
        return new WireWriter(SIZE).str(map).toByteArray();
    }

    /** The reply of PUT, REMOVE and GET: a value or null. */
    static byte[] value(byte[] reply) {
        WireReader reader = WireReader.reply(MACHINE, reply);
        byte[] value = reader.binOrNil("value", VALUE_BYTES_MAX);
        reader.end();
        return value;
    }

    /** The reply of CAS. */
    static CasResult casResult(byte[] reply) {
        WireReader reader = WireReader.reply(MACHINE, reply);
        boolean swapped = reader.bool("swapped");
        byte[] witness = reader.binOrNil("witness", VALUE_BYTES_MAX);
        reader.end();
        return new CasResult(swapped, witness);
    }

    static List<String> keyList(byte[] reply) {
        WireReader reader = WireReader.reply(MACHINE, reply);
        List<String> keys = reader.strings("keys", KEY_BYTES_MAX);
        reader.end();
        return keys;
    }

    static long sizeOf(byte[] reply) {
        WireReader reader = WireReader.reply(MACHINE, reply);
        long size = reader.integer("size");
        reader.end();
        return size;
    }

    static byte[] change(byte[] previous, byte[] current) {
        return new WireWriter(0).binOrNil(previous).binOrNil(current).toByteArray();
    }

    /** Decodes a change notification's payload into {@code {previous, current}} (either may be null). */
    static byte[][] changeOf(byte[] payload) {
        WireReader reader = WireReader.open(payload);
        byte[] previous = reader.binOrNil("previous", VALUE_BYTES_MAX);
        byte[] current = reader.binOrNil("current", VALUE_BYTES_MAX);
        reader.end();
        return new byte[][] {previous, current};
    }

    /** The outcome of a compare-and-set: whether it swapped, and the value it found. */
    record CasResult(boolean swapped, byte[] witness) {
    }
}
