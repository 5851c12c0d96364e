package io.memberlist.wire;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Reads Go structs from msgpack as leniently as Go's decoders do, and no more: a struct may be a map
 * (keys matched exactly, unknown keys skipped, missing keys zero) or an array in declaration order;
 * integers may come in any family if non-negative and in range; byte slices as str, bin or an array of
 * small integers; strings as str or bin; bools also as fixint 0/1; nil gives the zero value.
 *
 * <p>Reads one value after another from a byte range (push/pull bodies are a sequence of structs followed
 * by raw bytes, §2.3). Every msgpack-java exception is turned into a {@link MalformedPacketException}, and
 * no length is trusted before it is checked against the bytes actually left.
 */
final class MsgPackReader {
    private final int start;
    private final int end;
    private final MessageUnpacker unpacker;

    MsgPackReader(byte[] buf, int offset, int length) {
        this.start = offset;
        this.end = offset + length;
        this.unpacker = MessagePack.newDefaultUnpacker(buf, offset, length);
    }

    /** Index in the array of the first byte not yet read. */
    int position() {
        return start + (int) unpacker.getTotalReadBytes();
    }

    int remaining() {
        return end - position();
    }

    /**
     * Steps over one value of any type without decoding it; a str or bin is skipped by its header's length,
     * so this costs the value's headers, not its size.
     */
    void skipValue(String what) throws MalformedPacketException {
        try {
            unpacker.skipValue();
        } catch (MessageInsufficientBufferException e) {
            throw new MalformedPacketException(Reason.TRUNCATED, what + " ends early", e);
        } catch (MessageSizeException e) {
            throw new MalformedPacketException(Reason.TOO_LARGE, what + ": a length over 2^31-1", e);
        } catch (MessagePackException | IOException e) {
            throw new MalformedPacketException(Reason.MALFORMED, what + ": " + e, e);
        }
    }

    /** Reads one struct value (map, array or nil) into {@code struct}'s fields. */
    GoStruct.Values readStruct(GoStruct struct) throws MalformedPacketException {
        try {
            GoStruct.Values values = new GoStruct.Values(struct);
            MessageFormat format = unpacker.getNextFormat();
            switch (format) {
                case FIXMAP, MAP16, MAP32 -> readMap(struct, values);
                case FIXARRAY, ARRAY16, ARRAY32 -> readArray(struct, values);
                case NIL -> unpacker.unpackNil();
                default -> throw wrongType(struct.goName, "a map", format);
            }
            return values;
        } catch (MessageInsufficientBufferException e) {
            throw new MalformedPacketException(Reason.TRUNCATED, struct.goName + " ends early", e);
        } catch (MessageIntegerOverflowException e) {
            throw new MalformedPacketException(Reason.OUT_OF_RANGE, struct.goName + ": integer over 2^63", e);
        } catch (MessageSizeException e) {
            throw new MalformedPacketException(Reason.TOO_LARGE, struct.goName + ": a length over 2^31-1", e);
        } catch (MessagePackException | IOException e) {
            throw new MalformedPacketException(Reason.MALFORMED, struct.goName + ": " + e, e);
        }
    }

    private void readMap(GoStruct struct, GoStruct.Values values) throws IOException, MalformedPacketException {
        int entries = unpacker.unpackMapHeader();
        for (int i = 0; i < entries; i++) {
            int field = readKey(struct);
            if (field < 0) {
                unpacker.skipValue();
            } else {
                readField(struct, field, values);
            }
        }
    }

    private void readArray(GoStruct struct, GoStruct.Values values) throws IOException, MalformedPacketException {
        int elements = unpacker.unpackArrayHeader();
        for (int i = 0; i < elements; i++) {
            if (i < struct.fieldCount()) {
                readField(struct, i, values);
            } else {
                unpacker.skipValue();
            }
        }
    }

    /** The field index a key names, or -1 for unknown or non-string keys (which are skipped). */
    private int readKey(GoStruct struct) throws IOException, MalformedPacketException {
        MessageFormat format = unpacker.getNextFormat();
        if (format.getValueType() != ValueType.STRING
                && format.getValueType() != ValueType.BINARY) {
            unpacker.skipValue();
            return -1;
        }
        return struct.indexOf(readRaw(struct.goName));
    }

    private void readField(GoStruct struct, int field, GoStruct.Values values)
            throws IOException, MalformedPacketException {
        String what = struct.qualifiedName(field);
        GoStruct.Kind kind = struct.kind(field);
        switch (kind) {
            case BOOL -> values.setNumber(field, readBool(what) ? 1 : 0);
            case STRING -> values.setObject(field, readString(what));
            case BYTES -> values.setObject(field, readBytes(what));
            default -> values.setNumber(field, readUnsigned(what, kind.max));
        }
    }

    private long readUnsigned(String what, long max) throws IOException, MalformedPacketException {
        MessageFormat format = unpacker.getNextFormat();
        if (format == MessageFormat.NIL) {
            unpacker.unpackNil();
            return 0;
        }
        if (format.getValueType() != ValueType.INTEGER) {
            throw wrongType(what, "an integer", format);
        }
        long v = unpacker.unpackLong();
        if (v < 0 || v > max) {
            throw new MalformedPacketException(Reason.OUT_OF_RANGE, what + " = " + v + " is outside 0.." + max);
        }
        return v;
    }

    private boolean readBool(String what) throws IOException, MalformedPacketException {
        MessageFormat format = unpacker.getNextFormat();
        switch (format) {
            case BOOLEAN:
                return unpacker.unpackBoolean();
            case NIL:
                unpacker.unpackNil();
                return false;
            case POSFIXINT:
                // Go's msgpack decoders take the single bytes 0x00 and 0x01 as false and true.
                long v = unpacker.unpackLong();
                if (v <= 1) {
                    return v == 1;
                }
                throw new MalformedPacketException(Reason.OUT_OF_RANGE, what + " = " + v + " is not a bool");
            default:
                throw wrongType(what, "a bool", format);
        }
    }

    private String readString(String what) throws IOException, MalformedPacketException {
        MessageFormat format = unpacker.getNextFormat();
        if (format == MessageFormat.NIL) {
            unpacker.unpackNil();
            return "";
        }
        // Diverges from Go v0.2.2 (which rejects bin for strings): we accept it, like go-msgpack v2 does.
        return new String(readRaw(what), StandardCharsets.UTF_8);
    }

    private byte[] readBytes(String what) throws IOException, MalformedPacketException {
        MessageFormat format = unpacker.getNextFormat();
        switch (format.getValueType()) {
            case NIL:
                unpacker.unpackNil();
                return null;
            case ARRAY:
                int n = unpacker.unpackArrayHeader();
                checkAvailable(what, n); // each element takes at least one byte
                byte[] out = new byte[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (byte) readUnsigned(what, 0xFF);
                }
                return out;
            default:
                return readRaw(what);
        }
    }

    /** A str or bin value's bytes, after checking its length against what is left. */
    private byte[] readRaw(String what) throws IOException, MalformedPacketException {
        MessageFormat format = unpacker.getNextFormat();
        int length;
        switch (format.getValueType()) {
            case STRING -> length = unpacker.unpackRawStringHeader();
            case BINARY -> length = unpacker.unpackBinaryHeader();
            default -> throw wrongType(what, "a string or bytes", format);
        }
        checkAvailable(what, length);
        return unpacker.readPayload(length);
    }

    private void checkAvailable(String what, long length) throws MalformedPacketException {
        if (length < 0 || length > remaining()) {
            throw new MalformedPacketException(Reason.TRUNCATED, what + " announces " + length
                    + " bytes but " + remaining() + " are left");
        }
    }

    private static MalformedPacketException wrongType(String what, String expected, MessageFormat got) {
        if (got == MessageFormat.NEVER_USED) {
            return new MalformedPacketException(Reason.MALFORMED, what + ": byte 0xc1 is not msgpack");
        }
        return new MalformedPacketException(Reason.WRONG_TYPE, what + " must be " + expected + ", got " + got);
    }
}
