package io.memberlist.security;

import java.util.Objects;

/**
 * A packet or stream could not be decrypted. Carries a {@link Reason} so transports can count drops by cause;
 * never wraps a JCE exception, so callers only ever see this one type.
 */
public final class DecryptionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why decryption failed; stable names, suitable as a metrics tag. */
    public enum Reason {
        /** Nothing to decrypt. */
        EMPTY,
        /** The version byte is above 1 (Go: "Unsupported encryption version"). */
        UNSUPPORTED_VERSION,
        /** Shorter than the minimum blob for its version (29 bytes for v1, 45 for v0). */
        TOO_SHORT,
        /** No installed key authenticated the blob: wrong key, tampered bytes or wrong AAD. */
        NO_KEY_MATCHED,
        /** A version-0 plaintext whose PKCS#7 pad count is not 1..16. */
        BAD_PADDING,
        /** A TCP frame whose header is not {@code 0x0a|encLen} matching its length, or too large. */
        BAD_FRAME
    }

    private final Reason reason;

    DecryptionException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
