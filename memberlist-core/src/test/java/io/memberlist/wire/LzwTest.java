package io.memberlist.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.wire.MalformedPacketException.Reason;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LZW against Go's {@code compress/lzw}: digests of Go 1.19 output for deterministic inputs, the §2.6
 * compress(ack) vector, round trips, and hostile input.
 */
class LzwTest {
    /**
     * Rows: input kind, input length, Go output length, SHA-256 of Go's output. Produced by Go 1.19.8
     * {@code lzw.NewWriter(w, lzw.LSB, 8)} over {@link #goInput}'s bytes (same xorshift64* generator in Go).
     */
    @ParameterizedTest(name = "{0} {1} bytes")
    @CsvSource({
            "random,0,3,ca175b7b97e4180ff4b1dc13271f897a7d711d6da53ddd112d60bf4ac100e23e",
            "random,1,4,bf7b52871b39cde3fb2bab866b565c5544ab5a70795980881164e82c698f78f5",
            "random,2,5,1fdccf2e89ab6d293052e5cb034ecc3dfb3199920a45508216db2ef095fbb92a",
            "random,255,288,bd32848a7b3a2152a8529af96c31f568accd31921e3bc17d0c855ec7ceaae21b",
            "random,256,290,c7fe9d7d5f134596556d0c9fa96549d1478541c36fe09fb1ed7834b2342ed3dd",
            "random,1000,1241,88f5e4136a6dace2e949dd11f2f0d1991321c9c5333f383c3ba5369824d59c2b",
            "random,4096,5575,aeecc0ed521d807e4a79dff9ce1027be22dbd007a1406356d04d0c1c6fba1103",
            "random,10000,13566,e78f1bfe03159d761db1719943839b0a1886d15b5381603ca1f67660a909065f",
            "random,100000,136753,8fffde347623f6beda3f1b43cfa0a37a56b3a2c73a95b08c4ac9b73cf5dba5a2",
            "random,1000000,1369525,c6bcb5d28a18a01d86d6b28e402a9daeefe915c375317dc9aba3a31c2a1e04a1",
            "zeros,1,4,1429eeb1fc89869dd14be020da2544d3a81212ef699b813320281683be8a1ba7",
            "zeros,2,5,dc636265747a0128c44ae7f8bcfbf51d155b456bc6c401faefcf94d8c94d1e3a",
            "zeros,255,29,102ccc1c70a9f9467c9ff929117ef4016955691e6049c4d5347c3f34e5722ff4",
            "zeros,256,29,ffff74d8667f0fbd5b8d94af869e6466dfe272953ebe9e82c557652c8a6bc70d",
            "zeros,1000,53,8d1d4154b6546cc688ab5600d739c7bec8ca724fd766337e6e14c7dc7f84bb70",
            "zeros,4096,105,9d9ef8ceacd57c6b3184236f9e54f59ad4337ba97787ea0217bdf14dd43fbcdd",
            "zeros,10000,161,6af7b38bfe94d9194055de03f7af68dfa5adb5e87ea222b52ad35e71211ec77c",
            "zeros,100000,530,7a2b74e419500a3be5ff7cda6b8829a1eb730ccfee1d9e062be7a8ef00a0f6bf",
            "zeros,1000000,1819,3ba961af8d0bc3bd9149af75e0f5a4b342a85c95a09ec479dfbeef960782494b",
            "text,1,4,8f1590924aad2d9f7f69c7cb147e12b6910d174f1f7be83948c004ac9a7d9a78",
            "text,2,5,d04ed635b077234619a3470dcb516ad566a2ba8305e35efcbea745c0d01cc8dd",
            "text,255,101,7e692f0cb3e12e71e26ba62dc09dc936b6027893116f20528851201c5e164131",
            "text,256,102,16b6d698c0a63f1521c674a6ced53c03a42e07aabd0e1f6baec63002d789be33",
            "text,1000,206,7729066592bf31069c2e57f2d584e27726093b65a4091ee6f57ae34c5f3dd77d",
            "text,4096,440,07dd3127da02c7abce0c7c34c7eca3c7af0a7a536411ccb36e51512e0d8be9c1",
            "text,10000,710,3a58157a11706f53b8aab75ededb3d77699dca84e89fb21f325bd1492f33178b",
            "text,100000,2485,27cb668db923a1bd8589f6553a872bd91afb2bc35de0f5c2d334f8b0fa89163a",
            "text,1000000,14248,075bbb04fbcee631fcff2cdc764c75e12080523206875f6111a404fde8f86857",
            "lowentropy,1,4,42e14b04ba7552ea1b0ec740306ec61fa4695fba3339f1b1b977aa5b87efee53",
            "lowentropy,2,5,fb7af2cf340f3c80d184aadb33965f1e2fb932b7b92df393a00c7a4712ed0dc8",
            "lowentropy,255,128,61dd8702088e9ea9a22cd96a3f3e537faba078e826fb99a4a5b3427189dcae79",
            "lowentropy,256,128,15acc335d78ac6dcf324065ca5d9de6e18eb79cbf80ea43fe1b7e785348be081",
            "lowentropy,1000,385,0e0f7f626ad99a71d14effa2cb7a51df5cce375f666408134cabfe9685f69045",
            "lowentropy,4096,1342,919cd95b9fa4ffde4d6767b283265d31a8205648790904936fbf8cb8c4b5a899",
            "lowentropy,10000,3088,4f4071042427090d15118ef47db5aef12c414788cd201d916b3f5ed2bcd95fa8",
            "lowentropy,100000,29893,d57bd258c28a451beac786a5efd6a93333a801c9435be47008335c9edd578553",
            "lowentropy,1000000,297595,32004a8a0ff5ff8718669e6f58fc9020b9ea826b44026be710703da89df30dfa"})
    void compress_deterministicInput_matchesGoOutputAndRoundTrips(String kind, int length, int goLength,
            String goSha256) throws Exception {
        byte[] input = goInput(kind, length);

        byte[] compressed = Lzw.compress(input);

        assertThat(compressed).hasSize(goLength);
        assertThat(Hex.of(MessageDigest.getInstance("SHA-256").digest(compressed))).isEqualTo(goSha256);
        assertThat(Lzw.decompress(compressed)).isEqualTo(input);
    }

    @Test
    void compress_ackVector_matchesGoBytes() throws Exception {
        byte[] ack = Hex.bytes(GoldenVectorsTest.ACK);

        assertThat(Hex.of(Lzw.compress(ack))).isEqualTo("0005083a05254c1e366fc29001566a4a99384ede1c0808");
        assertThat(Lzw.decompress(Hex.bytes("0005083a05254c1e366fc29001566a4a99384ede1c0808"))).isEqualTo(ack);
    }

    @Test
    void compress_emptyInput_isClearThenEndCode() throws Exception {
        assertThat(Hex.of(Lzw.compress(new byte[0]))).isEqualTo("000302");
        assertThat(Lzw.decompress(Hex.bytes("000302"))).isEmpty();
    }

    @Test
    void compressThenDecompress_manySizesAndAlphabets_roundTrips() throws Exception {
        SplittableRandom random = new SplittableRandom(99);
        for (int size = 0; size < 20_000; size = size * 3 / 2 + 1) {
            for (int alphabet : new int[] {1, 2, 16, 256}) {
                byte[] input = new byte[size];
                for (int i = 0; i < size; i++) {
                    input[i] = (byte) random.nextInt(alphabet);
                }
                assertThat(Lzw.decompress(Lzw.compress(input))).as("size %d alphabet %d", size, alphabet)
                        .isEqualTo(input);
            }
        }
    }

    @Test
    void compress_range_compressesOnlyThatRange() throws Exception {
        byte[] buf = "xxhello hello hellox".getBytes();

        assertThat(Lzw.decompress(Lzw.compress(buf, 2, 17))).isEqualTo("hello hello hello".getBytes());
    }

    @Test
    void decompress_everyTruncation_throwsBadCompression() {
        byte[] compressed = Lzw.compress(goInput("text", 3000));
        for (int cut = 0; cut < compressed.length; cut++) {
            byte[] prefix = Arrays.copyOf(compressed, cut);
            assertRejected(prefix, Reason.BAD_COMPRESSION);
        }
    }

    @Test
    void decompress_codeNotYetDefined_throwsBadCompression() {
        assertRejected(Codes.of(Lzw.CLEAR, 'a', 300, Lzw.EOF), Reason.BAD_COMPRESSION);
        assertRejected(Codes.of(Lzw.CLEAR, 258, Lzw.EOF), Reason.BAD_COMPRESSION);
    }

    @Test
    void decompress_clearInTheMiddle_resetsTheTable() throws Exception {
        byte[] data = Codes.of(Lzw.CLEAR, 'a', 'b', 258, Lzw.CLEAR, 'c', 'c', 258, Lzw.EOF);

        assertThat(new String(Lzw.decompress(data))).isEqualTo("ababcccc");
    }

    @Test
    void decompress_kwkwkCode_expandsPreviousPlusItsFirstByte() throws Exception {
        assertThat(new String(Lzw.decompress(Codes.of(Lzw.CLEAR, 'a', 258, 259, Lzw.EOF)))).isEqualTo("aaaaaa");
    }

    @Test
    void decompress_withoutLeadingClear_isAccepted() throws Exception {
        assertThat(new String(Lzw.decompress(Codes.of('h', 'i', 258, Lzw.EOF)))).isEqualTo("hihi");
    }

    @Test
    void decompress_fullTableWithoutClear_keepsDecodingWithFrozenTable() throws Exception {
        int[] codes = new int[1 + 5000 + 1];
        codes[0] = Lzw.CLEAR;
        Arrays.fill(codes, 1, 5001, 'z');
        codes[5001] = Lzw.EOF;

        assertThat(Lzw.decompress(Codes.of(codes))).hasSize(5000).containsOnly('z');
    }

    @Test
    void decompress_bytesAfterEndCode_areIgnored() throws Exception {
        byte[] data = Hex.concat(Lzw.compress("abc".getBytes()), new byte[] {1, 2, 3});

        assertThat(new String(Lzw.decompress(data))).isEqualTo("abc");
    }

    @Test
    void decompress_outputOverCap_throwsTooLarge() {
        byte[] bomb = Lzw.compress(new byte[1_000_000]);

        assertThat(bomb.length).isLessThan(2000);
        assertThatThrownBy(() -> Lzw.decompress(bomb, 0, bomb.length, 999_999))
                .isInstanceOfSatisfying(MalformedPacketException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void decompress_outputExactlyAtCap_succeeds() throws Exception {
        byte[] data = Lzw.compress(new byte[100_000]);

        assertThat(Lzw.decompress(data, 0, data.length, 100_000)).hasSize(100_000);
    }

    @Test
    void decompress_randomGarbage_throwsOnlyTypedErrors() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 5000; i++) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            try {
                Lzw.decompress(garbage, 0, garbage.length, 1 << 20);
            } catch (MalformedPacketException expected) {
                assertThat(expected.reason()).isIn(Reason.BAD_COMPRESSION, Reason.TOO_LARGE);
            }
        }
    }

    private static void assertRejected(byte[] data, Reason reason) {
        assertThatThrownBy(() -> Lzw.decompress(data))
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** The deterministic inputs of the Go generator: xorshift64* seeded with {@code length * 7919 + 1}. */
    static byte[] goInput(String kind, int length) {
        byte[] b = new byte[length];
        long s = length * 7919L + 1;
        String text = "memberlist gossip ";
        for (int i = 0; i < length; i++) {
            switch (kind) {
                case "random" -> {
                    s = xorshift(s);
                    b[i] = (byte) ((s * 2685821657736338717L) >>> 56);
                }
                case "zeros" -> b[i] = 0;
                case "text" -> b[i] = (byte) text.charAt(i % text.length());
                case "lowentropy" -> {
                    s = xorshift(s);
                    b[i] = (byte) ('a' + ((s * 2685821657736338717L) >>> 60) % 4);
                }
                default -> throw new IllegalArgumentException(kind);
            }
        }
        return b;
    }

    private static long xorshift(long s) {
        s ^= s >>> 12;
        s ^= s << 25;
        s ^= s >>> 27;
        return s;
    }

    /**
     * Writes LZW codes by hand (LSB first) with the reader's width schedule, to build streams Go's writer
     * would never produce: no leading clear, clears anywhere, a full table without clear.
     */
    static final class Codes {
        static byte[] of(int... codes) {
            byte[] out = new byte[codes.length * 2 + 1];
            int n = 0;
            int bits = 0;
            int bitCount = 0;
            int sinceClear = 0;
            for (int code : codes) {
                int width = sinceClear < 255 ? 9 : sinceClear < 767 ? 10 : sinceClear < 1791 ? 11 : 12;
                bits |= code << bitCount;
                bitCount += width;
                while (bitCount >= 8) {
                    out[n++] = (byte) bits;
                    bits >>>= 8;
                    bitCount -= 8;
                }
                sinceClear = code == Lzw.CLEAR ? 0 : sinceClear + 1;
            }
            if (bitCount > 0) {
                out[n++] = (byte) bits;
            }
            return Arrays.copyOf(out, n);
        }
    }
}
