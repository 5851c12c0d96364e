package io.memberlist.spring.raft.builtin;

import java.nio.charset.StandardCharsets;

/**
 * How a {@link ReplicatedMap} turns its values into the bytes the {@link MapMachine} stores. The machine only
 * compares bytes (compare-and-set is byte equality), so an encoding must be canonical: equal values, equal bytes.
 */
public interface ValueCodec<V> {

    /** Values stored as they are. */
    ValueCodec<byte[]> BYTES = new ValueCodec<>() {
        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }
    };

    /** Strings as UTF-8. */
    ValueCodec<String> UTF8 = new ValueCodec<>() {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    };

    byte[] encode(V value);

    V decode(byte[] bytes);
}
