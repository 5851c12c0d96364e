package io.memberlist.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Memberlist's versioned AES-GCM envelope, {@code version(1) | nonce(12) | ciphertext+tag(16)}
 * (Go {@code security.go} {@code encryptPayload}/{@code decryptPayload}), plus the two planes' framing rules
 * (Go {@code net.go}, {@code rawSendMsgPacket}/{@code ingestPacket} and
 * {@code encryptLocalState}/{@code decryptRemoteState}):
 * <ul>
 *   <li>UDP packet: the blob is the whole datagram (no type byte); AAD = the label's UTF-8 bytes, none when
 *       the label is empty (so unlabelled clusters match v0.2.x, which never used AAD on UDP).</li>
 *   <li>TCP stream: {@code 0x0a | encLen:uint32 BE | blob}, {@code encLen} counting the blob;
 *       AAD = those 5 header bytes followed by the label bytes if a label is set.</li>
 * </ul>
 * The label header itself ({@code 0xf4|len|label}) is not added or stripped here; that is the label
 * decorator's job, which runs outside this one.
 *
 * <p>Seals with the keyring's primary key and a fresh random nonce; opens by trying every installed key in order.
 *
 * <p>Thread-safety: safe for concurrent use; each call uses its own {@link Cipher} and reads one consistent
 * keyring snapshot. Failures are {@link DecryptionException}s; no JCE exception type escapes.
 */
public final class Aead {
    /** The message type byte that opens an encrypted TCP stream (Go {@code encryptMsg}). */
    public static final int ENCRYPT_MSG_TYPE = 10;
    /** Bytes of the TCP stream header {@code 0x0a | encLen:uint32}. */
    public static final int STREAM_HEADER_SIZE = 5;
    /** Largest {@code encLen} a receiver accepts (Go {@code maxPushStateBytes}, 20 MiB). */
    public static final int STREAM_ENCRYPTED_BYTES_MAX = 20 * 1024 * 1024;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = EncryptionVersion.TAG_SIZE * 8;
    private static final int HEADER_SIZE = EncryptionVersion.VERSION_SIZE + EncryptionVersion.NONCE_SIZE;
    private static final byte[] NO_AAD = new byte[0];

    private final Keyring keyring;
    private final SecureRandom random;

    /** An envelope over {@code keyring} drawing nonces from a new {@link SecureRandom}. */
    public Aead(Keyring keyring) {
        this(keyring, new SecureRandom());
    }

    /** An envelope over {@code keyring} drawing nonces from {@code random} (inject a fixed one in tests). */
    public Aead(Keyring keyring, SecureRandom random) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The live keyring; rotating it affects the next call. */
    public Keyring keyring() {
        return keyring;
    }

    // ---- raw envelope -------------------------------------------------------------------------------------

    /**
     * Seals {@code plaintext} with the primary key.
     *
     * @param aad additional authenticated data, empty for none
     * @return a new blob of {@code version.encryptedLength(plaintext.length)} bytes
     */
    public byte[] encrypt(EncryptionVersion version, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] blob = new byte[version.encryptedLength(plaintext.length)];
        sealInto(version, plaintext, aad, blob, 0);
        return blob;
    }

    /** Opens a whole-array blob; see {@link #decrypt(byte[], int, int, byte[])}. */
    public byte[] decrypt(byte[] blob, byte[] aad) throws DecryptionException {
        Objects.requireNonNull(blob, "blob");
        return decrypt(blob, 0, blob.length, aad);
    }

    /**
     * Opens {@code length} bytes of {@code buf} from {@code offset}: checks version and minimum size, then tries
     * each installed key, primary first, and strips version-0 padding.
     *
     * @param aad the additional authenticated data the sender bound, empty for none
     * @return the plaintext, a new array
     * @throws DecryptionException with the {@link DecryptionException.Reason}
     */
    public byte[] decrypt(byte[] buf, int offset, int length, byte[] aad) throws DecryptionException {
        Objects.checkFromIndexSize(offset, length, buf.length);
        Objects.requireNonNull(aad, "aad");
        if (length == 0) {
            throw new DecryptionException(DecryptionException.Reason.EMPTY, "cannot decrypt an empty payload");
        }
        EncryptionVersion version = EncryptionVersion.fromCode(buf[offset] & 0xff);
        if (version == null) {
            throw new DecryptionException(DecryptionException.Reason.UNSUPPORTED_VERSION,
                    "unsupported encryption version " + (buf[offset] & 0xff) + " (known: 0, 1)");
        }
        if (length < version.minBlobSize()) {
            throw new DecryptionException(DecryptionException.Reason.TOO_SHORT, "payload of " + length
                    + " bytes is too small to decrypt (version " + version.code() + " needs "
                    + version.minBlobSize() + ")");
        }
        if (version == EncryptionVersion.V0_PADDED
                && (length - version.minBlobSize()) % EncryptionVersion.BLOCK_SIZE != 0) {
            throw new DecryptionException(DecryptionException.Reason.BAD_PADDING,
                    "version-0 payload of " + length + " bytes does not hold whole padded blocks");
        }
        byte[] plain = open(keyring.snapshot(), buf, offset, length, aad);
        return version == EncryptionVersion.V0_PADDED ? unpad(plain) : plain;
    }

    // ---- UDP plane ----------------------------------------------------------------------------------------

    /** Encrypts an unlabelled packet payload; the result is the whole datagram body. */
    public byte[] encryptPacket(EncryptionVersion version, byte[] payload) {
        return encryptPacket(version, payload, "");
    }

    /**
     * Encrypts a packet payload (after compression and CRC, before the label header is prepended).
     *
     * @param label the cluster label, bound as AAD; empty for none
     */
    public byte[] encryptPacket(EncryptionVersion version, byte[] payload, String label) {
        return encrypt(version, payload, packetAad(label));
    }

    /** Decrypts an unlabelled packet. */
    public byte[] decryptPacket(byte[] packet) throws DecryptionException {
        return decryptPacket(packet, "");
    }

    /**
     * Decrypts a packet whose label header has already been stripped.
     *
     * @param label the label the packet carried (must equal the sender's), empty for none
     */
    public byte[] decryptPacket(byte[] packet, String label) throws DecryptionException {
        return decrypt(packet, packetAad(label));
    }

    // ---- TCP plane ----------------------------------------------------------------------------------------

    /** Encrypts an unlabelled stream message; see {@link #encryptStream(EncryptionVersion, byte[], String)}. */
    public byte[] encryptStream(EncryptionVersion version, byte[] message) {
        return encryptStream(version, message, "");
    }

    /**
     * Encrypts a whole (possibly compressed) stream message into {@code 0x0a | encLen | blob}.
     *
     * @param label the cluster label, appended to the header in the AAD; empty for none
     */
    public byte[] encryptStream(EncryptionVersion version, byte[] message, String label) {
        Objects.requireNonNull(message, "message");
        int encLength = version.encryptedLength(message.length);
        byte[] frame = new byte[STREAM_HEADER_SIZE + encLength];
        writeStreamHeader(encLength, frame);
        sealInto(version, message, streamAad(frame, label), frame, STREAM_HEADER_SIZE);
        return frame;
    }

    /** Decrypts an unlabelled stream frame. */
    public byte[] decryptStream(byte[] frame) throws DecryptionException {
        return decryptStream(frame, "");
    }

    /**
     * Decrypts a complete stream frame {@code 0x0a | encLen | blob} (header included). The first byte of the
     * result is the inner message type.
     *
     * @throws DecryptionException {@code BAD_FRAME} if the header is not 0x0a, {@code encLen} differs from the
     *                             bytes that follow, or exceeds {@link #STREAM_ENCRYPTED_BYTES_MAX}
     */
    public byte[] decryptStream(byte[] frame, String label) throws DecryptionException {
        Objects.requireNonNull(frame, "frame");
        if (frame.length < STREAM_HEADER_SIZE || frame[0] != ENCRYPT_MSG_TYPE) {
            throw new DecryptionException(DecryptionException.Reason.BAD_FRAME,
                    "not an encrypted stream frame (needs 0x0a and a 4-byte length)");
        }
        long encLength = streamEncryptedLength(frame);
        if (encLength > STREAM_ENCRYPTED_BYTES_MAX) {
            throw new DecryptionException(DecryptionException.Reason.BAD_FRAME, "encrypted stream of "
                    + encLength + " bytes exceeds the limit of " + STREAM_ENCRYPTED_BYTES_MAX);
        }
        if (encLength != frame.length - STREAM_HEADER_SIZE) {
            throw new DecryptionException(DecryptionException.Reason.BAD_FRAME, "stream header announces "
                    + encLength + " encrypted bytes but " + (frame.length - STREAM_HEADER_SIZE) + " follow");
        }
        return decrypt(frame, STREAM_HEADER_SIZE, (int) encLength, streamAad(frame, label));
    }

    /** The 5-byte stream header {@code 0x0a | encLength:uint32 BE}. */
    public static byte[] streamHeader(int encLength) {
        byte[] header = new byte[STREAM_HEADER_SIZE];
        writeStreamHeader(encLength, header);
        return header;
    }

    /** The {@code encLen} a stream header announces, as an unsigned value (bytes 1..4 of {@code header}). */
    public static long streamEncryptedLength(byte[] header) {
        return ((header[1] & 0xffL) << 24) | ((header[2] & 0xffL) << 16) | ((header[3] & 0xffL) << 8)
                | (header[4] & 0xffL);
    }

    // ---- internals ----------------------------------------------------------------------------------------

    private void sealInto(EncryptionVersion version, byte[] plaintext, byte[] aad, byte[] out, int offset) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(aad, "aad");
        byte[] nonce = new byte[EncryptionVersion.NONCE_SIZE];
        random.nextBytes(nonce);
        out[offset] = (byte) version.code();
        System.arraycopy(nonce, 0, out, offset + EncryptionVersion.VERSION_SIZE, nonce.length);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keyring.primarySpec(), new GCMParameterSpec(TAG_BITS, nonce));
            if (aad.length > 0) {
                cipher.updateAAD(aad);
            }
            int pos = offset + HEADER_SIZE;
            if (version == EncryptionVersion.V0_PADDED) {
                pos += cipher.update(plaintext, 0, plaintext.length, out, pos);
                byte[] pad = new byte[EncryptionVersion.padCount(plaintext.length)];
                Arrays.fill(pad, (byte) pad.length);
                cipher.doFinal(pad, 0, pad.length, out, pos);
            } else {
                cipher.doFinal(plaintext, 0, plaintext.length, out, pos);
            }
        } catch (GeneralSecurityException e) {
            // Unreachable with a validated key and a standard JRE: AES-GCM is a mandatory JCA algorithm.
            throw new IllegalStateException("AES-GCM sealing failed: " + e.getMessage());
        }
    }

    private static byte[] open(List<SecretKeySpec> keys, byte[] buf, int offset, int length, byte[] aad)
            throws DecryptionException {
        GCMParameterSpec params = new GCMParameterSpec(TAG_BITS, buf, offset + EncryptionVersion.VERSION_SIZE,
                EncryptionVersion.NONCE_SIZE);
        Cipher cipher;
        try {
            cipher = Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable: " + e.getMessage());
        }
        for (SecretKeySpec key : keys) {
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, params);
                if (aad.length > 0) {
                    cipher.updateAAD(aad);
                }
                return cipher.doFinal(buf, offset + HEADER_SIZE, length - HEADER_SIZE);
            } catch (AEADBadTagException e) {
                // Not this key (or tampered); try the next one, as Go does.
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM opening failed: " + e.getMessage());
            }
        }
        throw new DecryptionException(DecryptionException.Reason.NO_KEY_MATCHED, "none of the "
                + keys.size() + " installed keys could decrypt the message (wrong key, wrong label or tampered)");
    }

    /**
     * Strips PKCS#7 padding by the last byte's value (Go {@code pkcs7decode}).
     *
     * <p>Diverges from Go: Go reads only the last byte (and panics on a count larger than the buffer); here the
     * count must be 1..16 and every pad byte must equal it, as Go senders always write. This matters because the
     * version byte is not authenticated: flipping v1 to v0 must not silently truncate a valid v1 plaintext.
     */
    private static byte[] unpad(byte[] padded) throws DecryptionException {
        int pad = padded.length == 0 ? 0 : padded[padded.length - 1] & 0xff;
        boolean valid = pad >= 1 && pad <= EncryptionVersion.BLOCK_SIZE && pad <= padded.length;
        for (int i = padded.length - pad; valid && i < padded.length; i++) {
            valid = (padded[i] & 0xff) == pad;
        }
        if (!valid) {
            throw new DecryptionException(DecryptionException.Reason.BAD_PADDING,
                    "version-0 plaintext does not end in valid PKCS#7 padding");
        }
        return Arrays.copyOf(padded, padded.length - pad);
    }

    private static byte[] packetAad(String label) {
        Objects.requireNonNull(label, "label");
        return label.isEmpty() ? NO_AAD : label.getBytes(StandardCharsets.UTF_8);
    }

    /** The 5 header bytes at the start of {@code frame}, followed by the label bytes if any. */
    private static byte[] streamAad(byte[] frame, String label) {
        byte[] labelBytes = packetAad(label);
        byte[] aad = Arrays.copyOf(frame, STREAM_HEADER_SIZE + labelBytes.length);
        System.arraycopy(labelBytes, 0, aad, STREAM_HEADER_SIZE, labelBytes.length);
        return aad;
    }

    private static void writeStreamHeader(int encLength, byte[] out) {
        out[0] = (byte) ENCRYPT_MSG_TYPE;
        out[1] = (byte) (encLength >>> 24);
        out[2] = (byte) (encLength >>> 16);
        out[3] = (byte) (encLength >>> 8);
        out[4] = (byte) encLength;
    }
}
