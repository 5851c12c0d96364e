package io.memberlist.spring.raft.builtin;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Writes a built-in command, query, reply or notification: a msgpack sequence that starts with the
 * {@linkplain #FORMAT_VERSION format version}, then a code (an opcode, or a reply status), then the fields.
 * Strings are msgpack str (UTF-8), values are msgpack bin, absent values are msgpack nil. The layout of each
 * message is documented next to its opcode (e.g. {@link MapCodec}).
 */
final class WireWriter {
    /**
     * Version 1 of every built-in format. A server rejects a message of another version with a reply saying so,
     * so a rolling upgrade must upgrade every server before a client sends a newer version. Validation limits
     * (key, value and lease bounds) belong to the version: changing them changes what {@code apply} accepts,
     * which must stay identical on every server.
     */
    static final int FORMAT_VERSION = 1;

    /** Reply status: the command or query was understood; the reply's fields follow. */
    static final int STATUS_OK = 0;
    /** Reply status: refused (malformed, unknown opcode, over a limit); a message follows; state unchanged. */
    static final int STATUS_REJECTED = 1;

    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();

    /** Starts a message with the format version and {@code code}. */
    WireWriter(int code) {
        integer(FORMAT_VERSION).integer(code);
    }

    /** A reply that refuses the command, with a message for the caller. */
    static byte[] rejected(String message) {
        return new WireWriter(STATUS_REJECTED).str(message).toByteArray();
    }

    WireWriter integer(long value) {
        try {
            packer.packLong(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a buffer packer never does I/O
        }
        return this;
    }

    WireWriter bool(boolean value) {
        try {
            packer.packBoolean(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    WireWriter str(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8), true);
    }

    /** A value, or nil when {@code value} is null (absent). */
    WireWriter binOrNil(byte[] value) {
        if (value == null) {
            try {
                packer.packNil();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
        return bytes(value, false);
    }

    /** A string array. */
    WireWriter strings(Collection<String> values) {
        try {
            packer.packArrayHeader(values.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        values.forEach(this::str);
        return this;
    }

    private WireWriter bytes(byte[] value, boolean utf8) {
        try {
            if (utf8) {
                packer.packRawStringHeader(value.length);
            } else {
                packer.packBinaryHeader(value.length);
            }
            packer.writePayload(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    byte[] toByteArray() {
        return packer.toByteArray();
    }
}
