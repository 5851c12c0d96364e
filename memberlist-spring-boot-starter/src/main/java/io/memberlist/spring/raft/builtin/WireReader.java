package io.memberlist.spring.raft.builtin;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link WireWriter} wrote. Every failure (truncation, wrong type, another format version, a field
 * over its limit, trailing bytes) is a {@link MalformedPayloadException} naming the field, never a partial read.
 */
final class WireReader {
    private final MessageUnpacker unpacker;
    private final int code;

    private WireReader(byte[] payload) {
        if (payload == null) {
            throw new MalformedPayloadException("no payload");
        }
        this.unpacker = MessagePack.newDefaultUnpacker(payload);
        long version = integer("format version");
        if (version != WireWriter.FORMAT_VERSION) {
            throw new MalformedPayloadException("format version " + version + " is not supported (this server reads "
                    + WireWriter.FORMAT_VERSION + "); upgrade every server before the clients");
        }
        this.code = (int) integer("code");
    }

    /** Opens a command or query; {@link #code()} is its opcode. */
    static WireReader open(byte[] payload) {
        return new WireReader(payload);
    }

    /**
     * Opens a reply of {@code machine}; returns a reader positioned on the reply's fields.
     *
     * @throws RejectedCommandException when the machine rejected the request
     */
    static WireReader reply(String machine, byte[] payload) {
        WireReader reader = new WireReader(payload);
        if (reader.code == WireWriter.STATUS_REJECTED) {
            String reason = reader.str("reason", Integer.MAX_VALUE);
            throw new RejectedCommandException(machine, reason);
        }
        if (reader.code != WireWriter.STATUS_OK) {
            throw new MalformedPayloadException("unknown reply status " + reader.code);
        }
        return reader;
    }

    int code() {
        return code;
    }

    long integer(String field) {
        try {
            expect(field, ValueType.INTEGER);
            return unpacker.unpackLong();
        } catch (IOException | MessagePackException e) {
            throw malformed(field, e);
        }
    }

    boolean bool(String field) {
        try {
            expect(field, ValueType.BOOLEAN);
            return unpacker.unpackBoolean();
        } catch (IOException | MessagePackException e) {
            throw malformed(field, e);
        }
    }

    /** A UTF-8 string of at most {@code maxBytes} bytes. */
    String str(String field, int maxBytes) {
        try {
            expect(field, ValueType.STRING);
            int length = unpacker.unpackRawStringHeader();
            return new String(payload(field, length, maxBytes), StandardCharsets.UTF_8);
        } catch (IOException | MessagePackException e) {
            throw malformed(field, e);
        }
    }

    /** A value of at most {@code maxBytes} bytes, or null for nil (absent). */
    byte[] binOrNil(String field, int maxBytes) {
        try {
            if (unpacker.hasNext() && unpacker.getNextFormat().getValueType() == ValueType.NIL) {
                unpacker.unpackNil();
                return null;
            }
            expect(field, ValueType.BINARY);
            return payload(field, unpacker.unpackBinaryHeader(), maxBytes);
        } catch (IOException | MessagePackException e) {
            throw malformed(field, e);
        }
    }

    /** An array of strings, each at most {@code maxBytes} bytes. */
    List<String> strings(String field, int maxBytes) {
        try {
            expect(field, ValueType.ARRAY);
            int size = unpacker.unpackArrayHeader();
            List<String> values = new ArrayList<>(Math.min(size, 1024));
            for (int i = 0; i < size; i++) {
                values.add(str(field, maxBytes));
            }
            return values;
        } catch (IOException | MessagePackException e) {
            throw malformed(field, e);
        }
    }

    /** Checks that nothing follows the last field (a longer message is of another layout). */
    void end() {
        try {
            if (unpacker.hasNext()) {
                throw new MalformedPayloadException("unexpected bytes after the last field");
            }
        } catch (IOException e) {
            throw malformed("end", e);
        }
    }

    private void expect(String field, ValueType type) throws IOException {
        if (!unpacker.hasNext()) {
            throw new MalformedPayloadException("truncated: '" + field + "' is missing");
        }
        ValueType actual = unpacker.getNextFormat().getValueType();
        if (actual != type) {
            throw new MalformedPayloadException("'" + field + "' is " + actual + ", expected " + type);
        }
    }

    private byte[] payload(String field, int length, int maxBytes) throws IOException {
        if (length > maxBytes) {
            throw new MalformedPayloadException("'" + field + "' is " + length + " bytes, more than the "
                    + maxBytes + " allowed");
        }
        return unpacker.readPayload(length);
    }

    private static MalformedPayloadException malformed(String field, Exception cause) {
        return new MalformedPayloadException("cannot read '" + field + "': " + cause.getMessage(), cause);
    }
}
