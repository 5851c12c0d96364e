package io.memberlist.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random but valid messages for property tests, biased towards the edges of the msgpack forms: string
 * and byte lengths around 31/32 and 65535/65536, integers around 127/128, 255/256, 65535/65536 and 2^32-1,
 * nil versus empty byte slices, non-ASCII names.
 */
final class RandomMessages {
    private static final long[] EDGE_U32 = {0, 1, 127, 128, 255, 256, 65535, 65536, 0xFFFF_FFFFL, 0xFFFF_FFFEL};
    private static final int[] EDGE_U16 = {0, 1, 127, 128, 255, 256, 7946, 65535};
    private static final int[] EDGE_LENGTHS = {0, 1, 4, 16, 31, 32, 255, 256, 65535, 65536};

    private final SplittableRandom random;

    RandomMessages(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Any message the packet form can carry (all but push/pull). */
    Message packetMessage() {
        return switch (random.nextInt(9)) {
            case 0 -> new Ping(u32(), string(), bytesOrNull(), u16(), string());
            case 1 -> new IndirectPing(u32(), bytesOrNull(), u16(), string(), random.nextBoolean(),
                    bytesOrNull(), u16(), string());
            case 2 -> new Ack(u32(), bytesOrNull());
            case 3 -> new Nack(u32());
            case 4 -> new Suspect(u32(), string(), string());
            case 5 -> new Alive(u32(), string(), bytesOrNull(), u16(), bytesOrNull(), bytesOrNull());
            case 6 -> new Dead(u32(), string(), string());
            case 7 -> new UserMessage(bytes());
            default -> new ErrorResponse(string());
        };
    }

    /** Any message the stream form can carry. */
    Message streamMessage() {
        return random.nextInt(4) == 0 ? pushPull(random.nextInt(60)) : packetMessage();
    }

    PushPull pushPull(int nodes) {
        List<PushNodeState> states = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            states.add(new PushNodeState(string(), bytesOrNull(), u16(), bytesOrNull(), u32(),
                    random.nextInt(5), bytesOrNull()));
        }
        return new PushPull(random.nextBoolean(), states, random.nextBoolean() ? null : bytes());
    }

    long u32() {
        return random.nextBoolean() ? EDGE_U32[random.nextInt(EDGE_U32.length)] : random.nextLong(1L << 32);
    }

    int u16() {
        return random.nextBoolean() ? EDGE_U16[random.nextInt(EDGE_U16.length)] : random.nextInt(1 << 16);
    }

    String string() {
        int length = length();
        StringBuilder sb = new StringBuilder(length);
        boolean unicode = random.nextInt(4) == 0;
        for (int i = 0; i < length; i++) {
            sb.append(unicode && random.nextBoolean() ? (char) (0x100 + random.nextInt(0x2000)) : (char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    byte[] bytesOrNull() {
        return random.nextInt(5) == 0 ? null : bytes();
    }

    byte[] bytes() {
        byte[] b = new byte[length()];
        random.nextBytes(b);
        return b;
    }

    private int length() {
        int pick = random.nextInt(10);
        if (pick == 0) {
            return EDGE_LENGTHS[random.nextInt(EDGE_LENGTHS.length)];
        }
        return pick < 8 ? random.nextInt(20) : random.nextInt(300);
    }
}
