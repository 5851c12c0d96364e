package io.memberlist.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * Writes msgpack the way go-msgpack v0.5 ({@code MsgpackHandle{}}) does, into an array of a size known in
 * advance from {@link WireSize}: strings and byte slices in the raw-string family without str8, nil byte
 * slices as {@code 0xc0}, unsigned integers in their smallest unsigned form (memberlist-protocol.md §2.1).
 *
 * <p>Writing straight into an exact-size array costs no copy and checks {@link WireSize} on every call:
 * if the two ever disagree, {@link #finish()} fails loudly instead of sending odd bytes.
 */
final class MsgPackWriter {
    private static final MessagePack.PackerConfig CONFIG =
            new MessagePack.PackerConfig().withStr8FormatSupport(false);

    private final ExactArrayOutput out;
    private final MessagePacker packer;

    /** A writer for exactly {@code size} bytes, starting with the message type byte {@code type}. */
    MsgPackWriter(int size, MessageType type) {
        out = new ExactArrayOutput(size);
        out.target[0] = (byte) type.code();
        out.position = 1;
        packer = CONFIG.newPacker(out);
    }

    /** The msgpack encoding of a map key (always a short ASCII Go field name), ready to copy. */
    static byte[] key(String goFieldName) {
        byte[] name = goFieldName.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[1 + name.length];
        key[0] = (byte) (0xa0 | name.length);
        System.arraycopy(name, 0, key, 1, name.length);
        return key;
    }

    MsgPackWriter mapHeader(int entries) {
        try {
            packer.packMapHeader(entries);
            return this;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** A map key produced by {@link #key(String)}. */
    MsgPackWriter key(byte[] encodedKey) {
        return raw(encodedKey);
    }

    MsgPackWriter string(String s) {
        byte[] utf8 = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        return bytesNonNull(utf8);
    }

    /** A Go {@code []byte}: raw string family, {@code null} as nil. */
    MsgPackWriter bytes(byte[] b) {
        if (b == null) {
            try {
                packer.packNil();
                return this;
            } catch (IOException e) {
                throw unreachable(e);
            }
        }
        return bytesNonNull(b);
    }

    /** An unsigned integer; callers range-check against the Go field width first. */
    MsgPackWriter uint(long v) {
        try {
            packer.packLong(v);
            return this;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    MsgPackWriter bool(boolean v) {
        try {
            packer.packBoolean(v);
            return this;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Bytes copied as they are, outside msgpack (type bytes, user payloads after a header). */
    MsgPackWriter raw(byte[] b) {
        try {
            packer.writePayload(b);
            return this;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** The encoded bytes; fails if they do not fill exactly the announced size. */
    byte[] finish() {
        try {
            packer.flush();
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (out.position != out.target.length) {
            throw new IllegalStateException("encoded " + out.position + " bytes but WireSize said "
                    + out.target.length);
        }
        return out.target;
    }

    private MsgPackWriter bytesNonNull(byte[] b) {
        try {
            packer.packRawStringHeader(b.length);
            packer.writePayload(b);
            return this;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private static UncheckedIOException unreachable(IOException e) {
        // ExactArrayOutput does no I/O; an IOException here would be a msgpack-java surprise.
        return new UncheckedIOException("in-memory msgpack write failed", e);
    }

    /** A {@link MessageBufferOutput} over one fixed array; running past its end is a sizing bug. */
    private static final class ExactArrayOutput implements MessageBufferOutput {
        final byte[] target;
        int position;

        ExactArrayOutput(int size) {
            target = new byte[size];
        }

        @Override
        public MessageBuffer next(int minimumSize) {
            int free = target.length - position;
            if (free < minimumSize || free == 0) {
                throw overflow(minimumSize);
            }
            return MessageBuffer.wrap(target, position, free);
        }

        @Override
        public void writeBuffer(int length) {
            position += length;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            if (target.length - position < length) {
                throw overflow(length);
            }
            System.arraycopy(buffer, offset, target, position, length);
            position += length;
        }

        @Override
        public void add(byte[] buffer, int offset, int length) {
            write(buffer, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        private IllegalStateException overflow(int wanted) {
            return new IllegalStateException("encoder needs " + wanted + " more bytes at " + position
                    + " but WireSize said " + target.length);
        }
    }
}
