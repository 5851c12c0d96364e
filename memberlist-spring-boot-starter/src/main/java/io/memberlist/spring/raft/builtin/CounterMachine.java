package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.Commit;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replicated counter machine ({@value #MACHINE}): named {@code long} counters that start at 0.
 *
 * <pre>
 * command  1 ADD  name:str delta:int   reply: value:int (after the add; an overflow is rejected)
 * query    1 GET  name:str             reply: value:int (0 for a counter never added to)
 * snapshot version, (name:str, value:int)* as a msgpack map
 * </pre>
 * WARNING: only append opcodes; their numbers are written to the raft log.
 */
public final class CounterMachine extends BuiltinMachine {
    static final String MACHINE = "counter";
    static final int ADD = 1;
    static final int GET = 1;
    static final int NAME_BYTES_MAX = 256;

    private final Map<String, Long> counters = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return MACHINE;
    }

    static byte[] add(String name, long delta) {
        return new WireWriter(ADD).str(name).integer(delta).toByteArray();
    }

    static byte[] get(String name) {
        return new WireWriter(GET).str(name).toByteArray();
    }

    /** The reply of ADD and GET. */
    static long value(byte[] reply) {
        WireReader reader = WireReader.reply(MACHINE, reply);
        long value = reader.integer("value");
        reader.end();
        return value;
    }

    @Override
    protected byte[] applyCommand(WireReader reader, Commit commit) {
        if (reader.code() != ADD) {
            throw unknownOpcode("command", reader.code());
        }
        String name = reader.str("name", NAME_BYTES_MAX);
        long delta = reader.integer("delta");
        reader.end();
        long value;
        try {
            value = Math.addExact(counters.getOrDefault(name, 0L), delta);
        } catch (ArithmeticException e) {
            throw new MalformedPayloadException("adding " + delta + " to counter '" + name + "' overflows");
        }
        counters.put(name, value);
        return reply(value);
    }

    @Override
    protected byte[] answer(WireReader reader) {
        if (reader.code() != GET) {
            throw unknownOpcode("query", reader.code());
        }
        String name = reader.str("name", NAME_BYTES_MAX);
        reader.end();
        return reply(counters.getOrDefault(name, 0L));
    }

    private static byte[] reply(long value) {
        return new WireWriter(WireWriter.STATUS_OK).integer(value).toByteArray();
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        MessagePacker packer = MessagePack.newDefaultPacker(out);
        Map<String, Long> copy = new TreeMap<>(counters);
        packer.packInt(WireWriter.FORMAT_VERSION).packMapHeader(copy.size());
        for (Map.Entry<String, Long> counter : copy.entrySet()) {
            packer.packString(counter.getKey()).packLong(counter.getValue());
        }
        packer.flush();
    }

    @Override
    public void readSnapshot(InputStream in) throws IOException {
        Map<String, Long> restored = new HashMap<>();
        try {
            MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(in);
            int version = unpacker.unpackInt();
            if (version != WireWriter.FORMAT_VERSION) {
                throw new IOException("counter snapshot of format version " + version + " is not supported");
            }
            int size = unpacker.unpackMapHeader();
            for (int i = 0; i < size; i++) {
                restored.put(unpacker.unpackString(), unpacker.unpackLong());
            }
        } catch (MessagePackException e) {
            throw new IOException("counter snapshot is malformed: " + e.getMessage(), e);
        }
        counters.clear();
        counters.putAll(restored);
    }

    /** For tests and diagnostics: every counter, sorted by name. */
    Map<String, Long> contents() {
        return new TreeMap<>(counters);
    }
}
