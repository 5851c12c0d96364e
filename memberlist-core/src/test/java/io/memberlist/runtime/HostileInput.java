package io.memberlist.runtime;

import io.memberlist.transport.Framing;
import io.memberlist.wire.Ack;
import io.memberlist.wire.Address;
import io.memberlist.wire.Compression;
import io.memberlist.wire.Message;
import io.memberlist.wire.MessageType;
import io.memberlist.wire.Nack;
import io.memberlist.wire.Ping;
import io.memberlist.wire.PushPull;
import io.memberlist.wire.UserMessage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Datagrams and stream payloads to throw at a node, reproducible from a seed: random bytes, random bytes
 * behind a real type byte, well-formed input cut, bit-flipped and spliced, input framed for another key or
 * label, and hand-made structural attacks (absurd lengths and counts, bad CRC, decompression bombs).
 *
 * <p>The well-formed input is built only from messages that cannot change membership (ping, ack, nack,
 * user messages, a push/pull with no nodes), so a mutation that happens to decode cleanly does not invent
 * members: the test can then insist that the cluster it sprays stays exactly as it was.
 */
final class HostileInput {
    private static final int[] INTERESTING = {0x00, 0x01, 0x7f, 0x80, 0xff, 0xc0, 0xc1, 0xcc, 0xcd, 0xce, 0xcf,
            0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0x90, 0x9f, 0x80, 0x8f, 0xa0, 0xbf, 0xc4, 0xc6};

    private final Random random;
    private final Framing target;
    private final List<Framing> foreign;
    private final String targetName;
    private final Address replyTo;

    /**
     * @param target     the framing the target node uses: well-formed input is framed with it
     * @param foreign    framings of other clusters (another key, no key, another label)
     * @param targetName the name pings are addressed to
     * @param replyTo    where pings ask their acks to go (the sprayer's own socket)
     */
    HostileInput(long seed, Framing target, List<Framing> foreign, String targetName, Address replyTo) {
        this.random = new Random(seed);
        this.target = target;
        this.foreign = foreign;
        this.targetName = targetName;
        this.replyTo = replyTo;
    }

    /** {@code count} datagrams of every kind, shuffled. */
    List<byte[]> datagrams(int count) {
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            if (kind < 10) {
                out.add(randomBytes(random.nextInt(1400)));
            } else if (kind < 25) {
                out.add(behindTypeByte(randomBytes(random.nextInt(600))));
            } else if (kind < 75) {
                out.add(mutate(validPacket(target)));
            } else if (kind < 90) {
                out.add(validPacket(foreign.get(random.nextInt(foreign.size()))));
            } else if (kind < 97) {
                out.add(structuralAttack());
            } else {
                out.add(wrongLabelHeader(validPacket(target)));
            }
        }
        return out;
    }

    /** {@code count} stream payloads (what a dialer writes before closing), of every kind. */
    List<byte[]> streams(int count) {
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            if (kind < 15) {
                out.add(randomBytes(random.nextInt(2000)));
            } else if (kind < 25) {
                out.add(behindTypeByte(randomBytes(random.nextInt(600))));
            } else if (kind < 75) {
                out.add(mutate(validStream(target)));
            } else if (kind < 90) {
                out.add(validStream(foreign.get(random.nextInt(foreign.size()))));
            } else {
                out.add(streamAttack());
            }
        }
        return out;
    }

    // ---- well-formed input ---------------------------------------------------------------------------------

    private Message harmlessMessage(boolean stream) {
        long seq = random.nextInt() & 0xFFFFFFFFL;
        return switch (random.nextInt(stream ? 5 : 4)) {
            case 0 -> random.nextBoolean() ? new Ping(seq, targetName, null, 0, "")
                    : Ping.of(seq, targetName, replyTo, "sprayer");
            case 1 -> new Ack(seq, random.nextBoolean() ? null : randomBytes(random.nextInt(40)));
            case 2 -> new Nack(seq);
            case 3 -> new UserMessage(random.nextBoolean() ? randomBytes(random.nextInt(300))
                    : repeated(random.nextInt(1200)));
            default -> new PushPull(random.nextBoolean(), List.of(), random.nextBoolean() ? null : randomBytes(20));
        };
    }

    private byte[] validPacket(Framing framing) {
        int parts = random.nextInt(4) == 0 ? 2 + random.nextInt(6) : 1;
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            messages.add(harmlessMessage(false));
        }
        return framing.encodePacket(messages, random.nextBoolean());
    }

    private byte[] validStream(Framing framing) {
        return concat(framing.streamPreamble(), framing.encodeStream(harmlessMessage(true)));
    }

    // ---- mutations and attacks -----------------------------------------------------------------------------

    private byte[] mutate(byte[] in) {
        byte[] b = in.clone();
        if (b.length == 0) {
            return randomBytes(8);
        }
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> {
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    b[random.nextInt(b.length)] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                }
            }
            case 3 -> {
                int at = random.nextInt(b.length + 1);
                b = concat(concat(Arrays.copyOf(b, at), randomBytes(1 + random.nextInt(16))),
                        Arrays.copyOfRange(in, at, in.length));
            }
            case 4 -> {
                int from = random.nextInt(b.length);
                b = concat(b, Arrays.copyOfRange(b, from, Math.min(b.length, from + 1 + random.nextInt(64))));
            }
            default -> {
                int at = random.nextInt(b.length);
                b = concat(Arrays.copyOf(b, at), randomBytes(random.nextInt(64)));
            }
        }
        return b;
    }

    private byte[] structuralAttack() {
        return switch (random.nextInt(6)) {
            // A compound announcing 255 parts of 65535 bytes each, with almost nothing behind.
            case 0 -> concat(new byte[] {(byte) MessageType.COMPOUND.code(), (byte) 0xff},
                    repeatedByte((byte) 0xff, 2 * 255 + random.nextInt(20)));
            // Compounds nested in compounds.
            case 1 -> nestedCompound(1 + random.nextInt(20));
            // A CRC frame whose checksum does not match.
            case 2 -> concat(new byte[] {(byte) MessageType.HAS_CRC.code(), 1, 2, 3, 4},
                    target.encodePacket(List.of(new Nack(7)), false));
            // A small packet that decompresses to a megabyte of zeros.
            case 3 -> Compression.compress(new byte[1 << 20]);
            // A compress message with LZW garbage.
            case 4 -> mutate(Compression.compress(repeated(400)));
            // A label header longer than the packet.
            default -> new byte[] {(byte) MessageType.HAS_LABEL.code(), (byte) 200, 'x'};
        };
    }

    private byte[] streamAttack() {
        return switch (random.nextInt(4)) {
            // An encrypted frame announcing 2 GB.
            case 0 -> new byte[] {(byte) MessageType.ENCRYPT.code(), 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};
            // A push/pull header announcing a million nodes.
            case 1 -> new byte[] {(byte) MessageType.PUSH_PULL.code(), (byte) 0x83, (byte) 0xa5, 'N', 'o', 'd', 'e',
                    's', (byte) 0xce, 0x00, 0x10, 0x00, 0x00, (byte) 0xac, 'U', 's', 'e', 'r', 'S', 't', 'a', 't', 'e',
                    'L', 'e', 'n', 0, (byte) 0xa4, 'J', 'o', 'i', 'n', (byte) 0xc2};
            // A label header with invalid UTF-8, then a ping.
            case 2 -> concat(new byte[] {(byte) MessageType.HAS_LABEL.code(), 3, (byte) 0xc3, (byte) 0x28, (byte) 0xff},
                    target.encodeStream(new Ping(1, targetName, null, 0, "")));
            // A decompression bomb on a stream.
            default -> Compression.compress(new byte[4 << 20]);
        };
    }

    private byte[] nestedCompound(int depth) {
        byte[] inner = target.encodePacket(List.of(new Nack(depth), new Nack(depth + 1)), false);
        for (int i = 0; i < depth; i++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(MessageType.COMPOUND.code());
            b.write(2);
            b.write(inner.length >>> 8);
            b.write(inner.length);
            b.write(inner.length >>> 8);
            b.write(inner.length);
            b.writeBytes(inner);
            b.writeBytes(inner);
            inner = b.toByteArray();
            if (inner.length > 30_000) {
                break;
            }
        }
        return inner;
    }

    private byte[] wrongLabelHeader(byte[] packet) {
        byte[] label = ("not-" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
        return concat(concat(new byte[] {(byte) MessageType.HAS_LABEL.code(), (byte) label.length}, label), packet);
    }

    private byte[] behindTypeByte(byte[] body) {
        MessageType[] types = MessageType.values();
        return concat(new byte[] {(byte) types[random.nextInt(types.length)].code()}, body);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Compressible bytes, so that well-formed packets take the compressed path too. */
    private byte[] repeated(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + (i % 7));
        }
        return b;
    }

    private static byte[] repeatedByte(byte value, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, value);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
