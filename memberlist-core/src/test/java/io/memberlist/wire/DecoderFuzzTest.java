package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Random, mutated and structurally plausible inputs fed to every decoder: each must return a value or
 * throw {@link MalformedPacketException}, nothing else. Seeds are fixed; {@code -Dwire.fuzz.seed=...} and
 * {@code -Dwire.fuzz.iterations=...} run other or longer campaigns. A failure names its seed and input.
 */
class DecoderFuzzTest {
    private static final long SEED = Long.getLong("wire.fuzz.seed", 0x5eed_2026L);
    private static final int ITERATIONS = Integer.getInteger("wire.fuzz.iterations", 20_000);
    private static final PacketCodec CODEC = new PacketCodec(true, 1 << 20);
    private static final int[] INTERESTING = {0x00, 0x01, 0x07, 0x09, 0x0c, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0,
            0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc6, 0xca, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd3, 0xd4, 0xd9,
            0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xf4, 0xff};
    private static final String[] KEYS = {"SeqNo", "Node", "SourceAddr", "SourcePort", "SourceNode", "Target",
            "Port", "Nack", "Payload", "Error", "Incarnation", "From", "Addr", "Meta", "Vsn", "Nodes",
            "UserStateLen", "Join", "Name", "State", "UserMsgLen", "Algo", "Buf", "Other"};

    @Test
    void decoders_randomBytes_returnOrThrowOnlyMalformedPacket() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = new byte[random.nextInt(300)];
            random.nextBytes(input);
            if (input.length > 0 && random.nextBoolean()) {
                input[0] = (byte) (random.nextInt(10) == 0 ? 0xf4 : random.nextInt(14));
            }
            feedAll(input, "random bytes", i);
        }
    }

    @Test
    void decoders_mutatedValidEncodings_returnOrThrowOnlyMalformedPacket() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        List<byte[]> corpus = corpus(new RandomMessages(SEED + 1));
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = corpus.get(random.nextInt(corpus.size()));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, random);
            }
            feedAll(input, "mutated", i);
        }
    }

    @Test
    void decoders_randomMsgpackStructsWithGoKeys_returnOrThrowOnlyMalformedPacket() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        for (int i = 0; i < ITERATIONS; i++) {
            MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
            int type = random.nextInt(15);
            packer.writePayload(new byte[] {(byte) type});
            int values = 1 + (type == 6 ? random.nextInt(4) : 0);
            for (int v = 0; v < values; v++) {
                randomStruct(packer, random);
            }
            byte[] tail = new byte[random.nextInt(8)];
            random.nextBytes(tail);
            packer.writePayload(tail);
            byte[] input = packer.toByteArray();
            feedAll(input, "msgpack struct", i);
            feedAll(Compression.compress(input), "compressed msgpack struct", i);
        }
    }

    /** Valid encodings of every shape the decoders know, to be mutated. */
    private static List<byte[]> corpus(RandomMessages random) {
        List<byte[]> corpus = new ArrayList<>();
        for (String hex : new String[] {GoldenVectorsTest.PING_WITH_SOURCE, GoldenVectorsTest.ALIVE,
                GoldenVectorsTest.INDIRECT_PING, GoldenVectorsTest.COMPRESSED_ACK,
                GoldenVectorsTest.PUSH_PULL_HEADER + GoldenVectorsTest.PUSH_NODE_STATE,
                GoldenVectorsTest.USER_MSG_HEADER + "00".repeat(1000)}) {
            corpus.add(Hex.bytes(hex));
        }
        for (int i = 0; i < 200; i++) {
            List<Message> messages = new ArrayList<>();
            for (int n = 1 + i % 5; n > 0; n--) {
                Message m = random.packetMessage();
                if (WireSize.of(m) < 2000) {
                    messages.add(m);
                }
            }
            if (!messages.isEmpty()) {
                corpus.add(PacketCodec.DEFAULT.encode(messages, i % 2 == 0));
                corpus.add(Label.addToPacket("c" + i, MessageCodec.encodePacketMessage(messages.get(0))));
            }
            corpus.add(MessageCodec.encodeStreamMessage(random.pushPull(i % 4), i % 3 == 0));
        }
        return corpus;
    }

    private static byte[] mutate(byte[] input, SplittableRandom random) {
        if (input.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        byte[] b = input.clone();
        int at = random.nextInt(b.length);
        switch (random.nextInt(7)) {
            case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
            case 2 -> b[at] = (byte) random.nextInt(256);
            case 3 -> b = Arrays.copyOf(b, at); // truncate
            case 4 -> { // delete a range
                int end = Math.min(b.length, at + 1 + random.nextInt(8));
                byte[] out = new byte[b.length - (end - at)];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, end, out, at, b.length - end);
                b = out;
            }
            case 5 -> { // insert random bytes
                byte[] extra = new byte[1 + random.nextInt(8)];
                random.nextBytes(extra);
                b = Hex.concat(Arrays.copyOf(b, at), extra, Arrays.copyOfRange(b, at, b.length));
            }
            default -> { // duplicate a range
                int end = Math.min(b.length, at + 1 + random.nextInt(16));
                b = Hex.concat(Arrays.copyOf(b, end), Arrays.copyOfRange(b, at, b.length));
            }
        }
        return b;
    }

    private static void randomStruct(MessageBufferPacker p, SplittableRandom random) throws Exception {
        if (random.nextInt(8) == 0) {
            p.packArrayHeader(random.nextInt(10));
            // array elements written below as values; count may not match on purpose
        } else {
            p.packMapHeader(random.nextInt(10));
        }
        int entries = random.nextInt(10);
        for (int e = 0; e < entries; e++) {
            p.packString(KEYS[random.nextInt(KEYS.length)]);
            randomValue(p, random, 0);
        }
    }

    private static void randomValue(MessageBufferPacker p, SplittableRandom random, int depth) throws Exception {
        switch (random.nextInt(depth > 2 ? 12 : 14)) {
            case 0 -> p.packNil();
            case 1 -> p.packBoolean(random.nextBoolean());
            case 2 -> p.packLong(random.nextLong(-300, 300));
            case 3 -> p.packLong(random.nextLong());
            case 4 -> p.packLong(random.nextInt(3) == 0 ? 0xFFFF_FFFFL + random.nextInt(3) - 1 : random.nextInt(70_000));
            case 5 -> p.packBigInteger(java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE));
            case 6 -> p.packString("x".repeat(random.nextInt(40)));
            case 7 -> {
                byte[] b = new byte[random.nextInt(20)];
                random.nextBytes(b);
                p.packBinaryHeader(b.length).writePayload(b);
            }
            case 8 -> p.packDouble(random.nextDouble());
            case 9 -> p.packExtensionTypeHeader((byte) 1, 2).writePayload(new byte[] {1, 2});
            case 10 -> p.packRawStringHeader(random.nextInt(1 << 20)); // lies about its length
            case 11 -> p.packLong(random.nextInt(2));
            case 12 -> {
                int n = random.nextInt(8);
                p.packArrayHeader(n);
                for (int i = 0; i < n; i++) {
                    randomValue(p, random, depth + 1);
                }
            }
            default -> {
                int n = random.nextInt(4);
                p.packMapHeader(n);
                for (int i = 0; i < 2 * n; i++) {
                    randomValue(p, random, depth + 1);
                }
            }
        }
    }

    private static void feedAll(byte[] input, String kind, int iteration) {
        feed(() -> CODEC.decode(input), "PacketCodec.decode", input, kind, iteration);
        feed(() -> MessageCodec.decodeStreamMessage(input, 0, input.length, 1 << 20), "decodeStreamMessage", input,
                kind, iteration);
        feed(() -> MessageCodec.decodePacketMessage(input), "decodePacketMessage", input, kind, iteration);
        feed(() -> Compound.decode(input), "Compound.decode", input, kind, iteration);
        feed(() -> Compression.decompress(input, 0, input.length, 1 << 20), "Compression.decompress", input, kind,
                iteration);
        feed(() -> Crc.strip(input), "Crc.strip", input, kind, iteration);
        feed(() -> Label.strip(input), "Label.strip", input, kind, iteration);
        feed(() -> Lzw.decompress(input, 0, input.length, 1 << 20), "Lzw.decompress", input, kind, iteration);
    }

    private interface Decoding {
        Object run() throws MalformedPacketException;
    }

    private static void feed(Decoding decoding, String decoder, byte[] input, String kind, int iteration) {
        try {
            assertThat(decoding.run()).isNotNull();
        } catch (MalformedPacketException expected) {
            assertThat(expected.reason()).isNotNull();
        } catch (RuntimeException | Error e) {
            throw new AssertionError(decoder + " threw " + e + " on " + kind + " input #" + iteration + " (seed "
                    + SEED + "): " + Hex.of(input), e);
        }
    }
}
