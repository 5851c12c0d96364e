package io.memberlist.security;

/**
 * The first byte of every encrypted blob (Go {@code security.go} {@code encryptionVersion}).
 * Append-only: the numeric values are part of the protocol.
 */
public enum EncryptionVersion {
    /** AES-GCM over a PKCS#7-padded plaintext (1–16 pad bytes); spoken only by nodes on protocol version 1. */
    V0_PADDED(0),
    /** AES-GCM, no padding (padding only caused bloat); the default for protocol versions 2–5. */
    V1(1);

    /** Bytes of the version prefix. */
    public static final int VERSION_SIZE = 1;
    /** Bytes of the GCM nonce (the standard 96-bit nonce). */
    public static final int NONCE_SIZE = 12;
    /** Bytes of the GCM authentication tag. */
    public static final int TAG_SIZE = 16;
    /** AES block size; version 0 pads the plaintext to a multiple of it. */
    public static final int BLOCK_SIZE = 16;

    private final int code;

    EncryptionVersion(int code) {
        this.code = code;
    }

    /** The version byte written on the wire. */
    public int code() {
        return code;
    }

    /**
     * The version a node seals with: 0 when it speaks protocol version 1, else 1
     * (Go {@code net.go} {@code encryptionVersion}). Receivers accept both regardless.
     */
    public static EncryptionVersion forProtocolVersion(int protocolVersion) {
        return protocolVersion == 1 ? V0_PADDED : V1;
    }

    /** The version with this wire code, or {@code null} if unsupported (anything but 0 and 1). */
    static EncryptionVersion fromCode(int code) {
        return switch (code) {
            case 0 -> V0_PADDED;
            case 1 -> V1;
            default -> null;
        };
    }

    /**
     * The largest number of bytes sealing adds to a plaintext: 29 for v1, 45 for v0 (a full pad block).
     * Go {@code encryptOverhead}; the gossip loop subtracts it from the UDP budget.
     */
    public int overheadMax() {
        return VERSION_SIZE + NONCE_SIZE + TAG_SIZE + (this == V0_PADDED ? BLOCK_SIZE : 0);
    }

    /** The exact blob length for a plaintext of {@code plaintextLength} bytes (Go {@code encryptedLength}). */
    public int encryptedLength(int plaintextLength) {
        if (plaintextLength < 0) {
            throw new IllegalArgumentException("plaintextLength must be 0 or more, got " + plaintextLength);
        }
        return VERSION_SIZE + NONCE_SIZE + paddedLength(plaintextLength) + TAG_SIZE;
    }

    /** The smallest blob a receiver accepts for this version: 29 for v1, 45 for v0. */
    public int minBlobSize() {
        return encryptedLength(0);
    }

    int paddedLength(int plaintextLength) {
        return this == V0_PADDED ? plaintextLength + padCount(plaintextLength) : plaintextLength;
    }

    static int padCount(int plaintextLength) {
        return BLOCK_SIZE - (plaintextLength % BLOCK_SIZE);
    }
}
