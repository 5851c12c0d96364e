package io.memberlist.security;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import javax.crypto.spec.SecretKeySpec;

/**
 * The ordered set of AES keys a node encrypts and decrypts gossip with; element 0 is the <em>primary</em>, the
 * only key used to seal and the first tried to open (Go {@code keyring.go}).
 *
 * <p>Rotation, as in Go: {@link #addKey} the new key on every node, then {@link #useKey} it everywhere, then
 * {@link #removeKey} the old one. A message sealed under the old primary keeps opening while the old key is
 * still installed.
 *
 * <p>Thread-safety: every operation swaps an immutable key list in one atomic step, so a network thread that
 * reads {@link #snapshot()} always sees a consistent list, however rotation interleaves with it. Key bytes are
 * copied in and out; {@link #toString()} never prints them.
 *
 * <p>Diverges from Go: a keyring always holds at least one key (Go allows an empty ring meaning "encryption
 * off"; here encryption off means no keyring).
 */
public final class Keyring {
    private final AtomicReference<List<Key>> keys;

    private Keyring(List<Key> initial) {
        keys = new AtomicReference<>(List.copyOf(initial));
    }

    /**
     * A keyring with {@code primary} as the primary key followed by {@code others} in order; duplicates are
     * ignored (Go {@code NewKeyring}).
     *
     * @throws IllegalArgumentException if any key is not 16, 24 or 32 bytes
     */
    public static Keyring of(byte[] primary, byte[]... others) {
        List<byte[]> all = new ArrayList<>();
        all.add(primary);
        for (byte[] key : Objects.requireNonNull(others, "others")) {
            all.add(key);
        }
        return of(all);
    }

    /**
     * A keyring from an ordered list whose first element is the primary (the shape of
     * {@code Config.secretKeys()}); duplicates are ignored.
     *
     * @throws IllegalArgumentException if the list is empty or any key is not 16, 24 or 32 bytes
     */
    public static Keyring of(List<byte[]> orderedKeys) {
        Objects.requireNonNull(orderedKeys, "orderedKeys");
        if (orderedKeys.isEmpty()) {
            throw new IllegalArgumentException("a keyring needs at least one key, the primary");
        }
        List<Key> list = new ArrayList<>();
        for (byte[] bytes : orderedKeys) {
            Key key = Key.of(bytes);
            if (indexOf(list, key.bytes) < 0) {
                list.add(key);
            }
        }
        return new Keyring(list);
    }

    /**
     * Checks that {@code key} can be an AES key (Go {@code ValidateKey}).
     *
     * @throws IllegalArgumentException "an AES key must be 16, 24 or 32 bytes (AES-128/192/256), got N"
     */
    public static void validateKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        int n = key.length;
        if (n != 16 && n != 24 && n != 32) {
            throw new IllegalArgumentException(
                    "an AES key must be 16, 24 or 32 bytes (AES-128/192/256), got " + n);
        }
    }

    /**
     * Installs {@code key} for decryption, after the existing keys; the primary is unchanged.
     *
     * @return false if the key was already installed (a no-op, as in Go)
     * @throws IllegalArgumentException if the key is not 16, 24 or 32 bytes
     */
    public boolean addKey(byte[] key) {
        Key added = Key.of(key);
        List<Key> before = update(current -> {
            if (indexOf(current, added.bytes) >= 0) {
                return current;
            }
            List<Key> next = new ArrayList<>(current);
            next.add(added);
            return List.copyOf(next);
        });
        return indexOf(before, added.bytes) < 0;
    }

    /**
     * Makes an installed key the primary, so it seals every outgoing message from now on. Peers should already
     * have it installed.
     *
     * @throws IllegalArgumentException if the key is not installed (Go: "Requested key is not in the keyring")
     */
    public void useKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        update(current -> {
            int i = indexOf(current, key);
            if (i < 0) {
                throw new IllegalArgumentException("the key is not installed in the keyring: addKey it first");
            }
            List<Key> next = new ArrayList<>(current.size());
            next.add(current.get(i));
            for (int j = 0; j < current.size(); j++) {
                if (j != i) {
                    next.add(current.get(j));
                }
            }
            return List.copyOf(next);
        });
    }

    /**
     * Uninstalls a key; messages sealed under it no longer open.
     *
     * @return false if the key was not installed (a no-op, as in Go)
     * @throws IllegalStateException if the key is the primary: {@link #useKey} another key first
     */
    public boolean removeKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        List<Key> before = update(current -> {
            int i = indexOf(current, key);
            if (i == 0) {
                throw new IllegalStateException(
                        "removing the primary key is not allowed: useKey another key first");
            }
            if (i < 0) {
                return current;
            }
            List<Key> next = new ArrayList<>(current);
            next.remove(i);
            return List.copyOf(next);
        });
        return indexOf(before, key) > 0;
    }

    /** Copies of the installed keys, primary first (Go {@code GetKeys}). */
    public List<byte[]> keys() {
        List<Key> current = keys.get();
        List<byte[]> copies = new ArrayList<>(current.size());
        for (Key key : current) {
            copies.add(key.bytes.clone());
        }
        return List.copyOf(copies);
    }

    /** A copy of the primary key (Go {@code GetPrimaryKey}). */
    public byte[] primaryKey() {
        return keys.get().get(0).bytes.clone();
    }

    /** How many keys are installed (at least 1). */
    public int size() {
        return keys.get().size();
    }

    /** The current keys as ready-to-use AES key specs, primary first; an immutable, consistent snapshot. */
    List<SecretKeySpec> snapshot() {
        List<Key> current = keys.get();
        List<SecretKeySpec> specs = new ArrayList<>(current.size());
        for (Key key : current) {
            specs.add(key.spec);
        }
        return specs;
    }

    /** The primary as an AES key spec. */
    SecretKeySpec primarySpec() {
        return keys.get().get(0).spec;
    }

    @Override
    public String toString() {
        return "Keyring[" + size() + " keys]";
    }

    /** Applies {@code change} atomically; returns the list it replaced. Exceptions leave the ring unchanged. */
    private List<Key> update(UnaryOperator<List<Key>> change) {
        while (true) {
            List<Key> current = keys.get();
            List<Key> next = change.apply(current);
            if (next == current || keys.compareAndSet(current, next)) {
                return current;
            }
        }
    }

    private static int indexOf(List<Key> list, byte[] bytes) {
        for (int i = 0; i < list.size(); i++) {
            if (MessageDigest.isEqual(list.get(i).bytes, bytes)) {
                return i;
            }
        }
        return -1;
    }

    /** One validated key: private bytes plus the spec built once. */
    private static final class Key {
        final byte[] bytes;
        final SecretKeySpec spec;

        private Key(byte[] bytes) {
            this.bytes = bytes;
            this.spec = new SecretKeySpec(bytes, "AES");
        }

        static Key of(byte[] bytes) {
            validateKey(bytes);
            return new Key(bytes.clone());
        }
    }
}
