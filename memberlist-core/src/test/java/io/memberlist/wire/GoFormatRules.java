package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * An encoder-independent check that bytes follow go-msgpack v0.5's output rules (memberlist-protocol.md
 * §2.1): each struct a fixmap with fixstr keys in byte-wise ascending order; values only positive fixint,
 * minimal uint8/16/32, nil, bool, fixstr, str16 (32+ bytes) or str32 (65536+ bytes); never str8, bin,
 * signed ints, floats, arrays or nested maps.
 */
final class GoFormatRules {
    private GoFormatRules() {
    }

    /** Checks {@code structs} consecutive structs from {@code offset}; returns the offset after them. */
    static int checkStructs(byte[] bytes, int offset, int structs) throws IOException {
        MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes, offset, bytes.length - offset);
        for (int s = 0; s < structs; s++) {
            assertThat(u.getNextFormat()).isEqualTo(MessageFormat.FIXMAP);
            int entries = u.unpackMapHeader();
            byte[] previous = null;
            for (int i = 0; i < entries; i++) {
                assertThat(u.getNextFormat()).isEqualTo(MessageFormat.FIXSTR);
                byte[] key = u.readPayload(u.unpackRawStringHeader());
                if (previous != null) {
                    assertThat(Arrays.compareUnsigned(previous, key)).as("keys sorted").isNegative();
                }
                previous = key;
                checkValue(u);
            }
        }
        return offset + (int) u.getTotalReadBytes();
    }

    private static void checkValue(MessageUnpacker u) throws IOException {
        MessageFormat f = u.getNextFormat();
        switch (f) {
            case POSFIXINT, NIL, BOOLEAN -> u.skipValue();
            case UINT8 -> assertThat(u.unpackLong()).isBetween(128L, 255L);
            case UINT16 -> assertThat(u.unpackLong()).isBetween(256L, 65535L);
            case UINT32 -> assertThat(u.unpackLong()).isBetween(65536L, 0xFFFF_FFFFL);
            case FIXSTR -> u.skipValue();
            case STR16 -> {
                int n = u.unpackRawStringHeader();
                assertThat(n).isBetween(32, 65535);
                u.readPayload(n);
            }
            case STR32 -> {
                int n = u.unpackRawStringHeader();
                assertThat(n).isGreaterThanOrEqualTo(65536);
                u.readPayload(n);
            }
            default -> throw new AssertionError("Go never writes " + f + " in memberlist messages");
        }
    }
}
