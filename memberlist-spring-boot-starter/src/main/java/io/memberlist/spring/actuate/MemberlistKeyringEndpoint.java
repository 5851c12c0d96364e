package io.memberlist.spring.actuate;

import io.memberlist.Memberlist;
import io.memberlist.security.Keyring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code /actuator/memberlistkeyring}: rotates the gossip encryption keys of the running node, so a cluster can
 * change keys without restarts. Off unless {@code memberlist.security.key-rotation.enabled=true}.
 *
 * <p>Safe order, as for Go memberlist and Consul's {@code keyring} command: {@code install} the new key on
 * every node, then {@code use} it on every node, then {@code remove} the old one everywhere. Each step keeps
 * every pair of nodes able to read each other, so nobody is suspected meanwhile.
 *
 * <p>Never returns or logs key material: keys are shown as SHA-256 fingerprints.
 */
@Endpoint(id = "memberlistkeyring")
public class MemberlistKeyringEndpoint {
    private static final Logger log = LoggerFactory.getLogger(MemberlistKeyringEndpoint.class);

    private final Memberlist memberlist;

    public MemberlistKeyringEndpoint(Memberlist memberlist) {
        this.memberlist = memberlist;
    }

    /**
     * The installed keys.
     *
     * @param primary   fingerprint of the key that encrypts outgoing gossip
     * @param installed fingerprints of every key that decrypts incoming gossip, primary first
     * @param changed   whether the last write changed the keyring (install of a present key: false)
     */
    public record KeyringReport(String primary, List<String> installed, Boolean changed) {
    }

    /** The rotation steps. */
    public enum Action {
        /** Adds a key for decryption; the primary stays. */
        INSTALL,
        /** Makes an installed key the primary. */
        USE,
        /** Removes a key that is not the primary. */
        REMOVE
    }

    @ReadOperation
    public KeyringReport keyring() {
        return report(keyringOrFail(), null);
    }

    /**
     * {@code POST {"action": "install" | "use" | "remove", "key": "<base64 AES key>"}}.
     */
    @WriteOperation
    public KeyringReport change(String action, String key) {
        Keyring keyring = keyringOrFail();
        Action step = action(action);
        byte[] bytes = decode(key);
        boolean changed;
        try {
            changed = switch (step) {
                case INSTALL -> keyring.addKey(bytes);
                case USE -> {
                    boolean was = Arrays.equals(keyring.primaryKey(), bytes);
                    keyring.useKey(bytes);
                    yield !was;
                }
                case REMOVE -> keyring.removeKey(bytes);
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidEndpointRequestException(step.name().toLowerCase(Locale.ROOT) + " refused: "
                    + e.getMessage(), e.getMessage());
        }
        log.info("memberlist: keyring {} {} ({}), {} key(s) installed, primary {}", step.name().toLowerCase(Locale.ROOT),
                fingerprint(bytes), changed ? "changed" : "already so", keyring.size(),
                fingerprint(keyring.primaryKey()));
        return report(keyring, changed);
    }

    /** {@code sha256:} and the first 8 bytes of the key's SHA-256, in hex: identifies a key, reveals nothing. */
    public static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static KeyringReport report(Keyring keyring, Boolean changed) {
        List<String> installed = new ArrayList<>();
        keyring.keys().forEach(k -> installed.add(fingerprint(k)));
        return new KeyringReport(installed.get(0), installed, changed);
    }

    private Keyring keyringOrFail() {
        return memberlist.keyring().orElseThrow(() -> new InvalidEndpointRequestException(
                "gossip is not encrypted on this node, so it has no keyring: start it with"
                        + " memberlist.security.secret-keys set", "no keyring"));
    }

    private static Action action(String action) {
        try {
            return Action.valueOf(action == null ? "" : action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException("unknown action '" + action
                    + "': use install, use or remove", "unknown action");
        }
    }

    private static byte[] decode(String key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key == null ? "" : key.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException("key is not valid base64; generate one with"
                    + " 'openssl rand -base64 32'", "bad key");
        }
        try {
            Keyring.validateKey(bytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), "bad key");
        }
        return bytes;
    }
}
