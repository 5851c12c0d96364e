package io.memberlist.spring.raft.builtin;

import io.memberlist.spring.raft.Commit;
import io.memberlist.spring.raft.builtin.LockCodec.Lease;
import io.memberlist.spring.raft.builtin.LockReply.Outcome;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The lock machine ({@value LockCodec#MACHINE}): named locks granted for a lease, with fencing tokens (format:
 * {@link LockCodec}).
 *
 * <p>Time: a lease ends at {@code grant time + leaseMillis} in the <em>commits' clock</em>: the machine's clock
 * is the largest {@link Commit#time()} it has applied, so every server decides expiry identically and the clock
 * never runs backwards even when successive proposers' clocks disagree (a lease that has expired stays expired).
 * Expiry is noticed only when a command arrives; a query reports a lease as held until then.
 *
 * <p>Fencing: a new grant's token is its log index, so tokens only grow, across all locks. Renewing or
 * re-acquiring an unexpired lease by its owner keeps the token; a lease that expired is over (its owner must
 * acquire again and gets a new token). Applies run on one thread; queries may run on others.
 */
public final class LockMachine extends BuiltinMachine {
    private final NavigableMap<String, Lease> leases = new ConcurrentSkipListMap<>();
    private volatile long clockMillis;

    @Override
    public String name() {
        return LockCodec.MACHINE;
    }

    @Override
    protected byte[] applyCommand(WireReader reader, Commit commit) {
        int code = reader.code();
        if (code < LockCodec.ACQUIRE || code > LockCodec.RELEASE) {
            throw unknownOpcode("command", code);
        }
        String name = reader.str("name", LockCodec.NAME_BYTES_MAX);
        String owner = reader.str("owner", LockCodec.OWNER_BYTES_MAX);
        long token = code == LockCodec.ACQUIRE ? 0 : reader.integer("token");
        long leaseMillis = code == LockCodec.RELEASE ? 0 : leaseMillis(reader);
        reader.end();
        if (owner.isEmpty()) {
            throw new MalformedPayloadException("'owner' is empty");
        }
        clockMillis = Math.max(clockMillis, commit.time());
        return switch (code) {
            case LockCodec.ACQUIRE -> acquire(commit, name, owner, leaseMillis);
            case LockCodec.RENEW -> renew(name, owner, token, leaseMillis);
            default -> release(commit, name, owner, token);
        };
    }

    private byte[] acquire(Commit commit, String name, String owner, long leaseMillis) {
        Lease current = leases.get(name);
        if (current != null && !expired(current)) {
            if (!current.owner().equals(owner)) {
                return LockCodec.reply(Outcome.HELD, current);
            }
            Lease extended = new Lease(owner, current.token(), clockMillis + leaseMillis); // a retried acquire
            leases.put(name, extended);
            return LockCodec.reply(Outcome.GRANTED, extended);
        }
        if (current == null && leases.size() >= LockCodec.LOCKS_MAX) {
            leases.values().removeIf(this::expired); // removes the same leases on every server: same clock
            if (leases.size() >= LockCodec.LOCKS_MAX) {
                throw new MalformedPayloadException("more than " + LockCodec.LOCKS_MAX + " locks are held");
            }
        }
        if (current != null) {
            commit.publish(LockCodec.EXPIRED, name, LockCodec.event(current));
        }
        Lease granted = new Lease(owner, commit.index(), clockMillis + leaseMillis);
        leases.put(name, granted);
        commit.publish(LockCodec.ACQUIRED, name, LockCodec.event(granted));
        return LockCodec.reply(Outcome.GRANTED, granted);
    }

    private byte[] renew(String name, String owner, long token, long leaseMillis) {
        Lease current = leases.get(name);
        if (!heldBy(current, owner, token) || expired(current)) {
            return LockCodec.reply(Outcome.NOT_HOLDER, current == null || expired(current) ? null : current);
        }
        Lease renewed = new Lease(owner, token, clockMillis + leaseMillis);
        leases.put(name, renewed);
        return LockCodec.reply(Outcome.RENEWED, renewed);
    }

    /** An expired lease of the caller may still be released: nobody else was granted the lock since. */
    private byte[] release(Commit commit, String name, String owner, long token) {
        Lease current = leases.get(name);
        if (!heldBy(current, owner, token)) {
            return LockCodec.reply(Outcome.NOT_HOLDER, current == null || expired(current) ? null : current);
        }
        leases.remove(name);
        commit.publish(LockCodec.RELEASED, name, LockCodec.event(current));
        return LockCodec.reply(Outcome.RELEASED, null);
    }

    @Override
    protected byte[] answer(WireReader reader) {
        if (reader.code() != LockCodec.HOLDER) {
            throw unknownOpcode("query", reader.code());
        }
        String name = reader.str("name", LockCodec.NAME_BYTES_MAX);
        reader.end();
        Lease current = leases.get(name);
        return current == null || expired(current)
                ? LockCodec.reply(Outcome.FREE, null)
                : LockCodec.reply(Outcome.HELD, current);
    }

    private static long leaseMillis(WireReader reader) {
        long leaseMillis = reader.integer("leaseMillis");
        if (leaseMillis < LockCodec.LEASE_MILLIS_MIN || leaseMillis > LockCodec.LEASE_MILLIS_MAX) {
            throw new MalformedPayloadException("'leaseMillis' is " + leaseMillis + ", outside ["
                    + LockCodec.LEASE_MILLIS_MIN + ", " + LockCodec.LEASE_MILLIS_MAX + "]");
        }
        return leaseMillis;
    }

    private static boolean heldBy(Lease lease, String owner, long token) {
        return lease != null && lease.owner().equals(owner) && lease.token() == token;
    }

    private boolean expired(Lease lease) {
        return clockMillis >= lease.expiresAtMillis();
    }

    /** Snapshot: msgpack {@code version, clockMillis, count, (name, owner, token, expiresAtMillis)*}. */
    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        MessagePacker packer = MessagePack.newDefaultPacker(out);
        Map<String, Lease> copy = new TreeMap<>(leases);
        packer.packInt(WireWriter.FORMAT_VERSION).packLong(clockMillis).packArrayHeader(copy.size());
        for (Map.Entry<String, Lease> entry : copy.entrySet()) {
            Lease lease = entry.getValue();
            packer.packString(entry.getKey()).packString(lease.owner())
                    .packLong(lease.token()).packLong(lease.expiresAtMillis());
        }
        packer.flush();
    }

    @Override
    public void readSnapshot(InputStream in) throws IOException {
        Map<String, Lease> restored = new TreeMap<>();
        long clock;
        try {
            MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(in);
            int version = unpacker.unpackInt();
            if (version != WireWriter.FORMAT_VERSION) {
                throw new IOException("lock snapshot of format version " + version + " is not supported");
            }
            clock = unpacker.unpackLong();
            int count = unpacker.unpackArrayHeader();
            for (int i = 0; i < count; i++) {
                String name = unpacker.unpackString();
                restored.put(name, new Lease(unpacker.unpackString(), unpacker.unpackLong(), unpacker.unpackLong()));
            }
        } catch (MessagePackException e) {
            throw new IOException("lock snapshot is malformed: " + e.getMessage(), e);
        }
        leases.clear();
        leases.putAll(restored);
        clockMillis = clock;
    }

    /** For tests and diagnostics: the leases recorded (expired ones included, until a command replaces them). */
    Map<String, Lease> leases() {
        return new TreeMap<>(leases);
    }

    /** For tests and diagnostics: the commits' clock, the largest commit time applied. */
    long clockMillis() {
        return clockMillis;
    }
}
