package io.memberlist.spring.raft.builtin;

/**
 * The wire format of the {@link LockMachine} (format version {@value WireWriter#FORMAT_VERSION}, see
 * {@link WireWriter}). Every reply has one layout, a {@link LockReply}.
 *
 * <pre>
 * commands                                                        reply (status 0)
 *   1 ACQUIRE name:str owner:str leaseMillis:int                   outcome:int holder:str token:int expiresAt:int
 *   2 RENEW   name:str owner:str token:int leaseMillis:int         (same)
 *   3 RELEASE name:str owner:str token:int                         (same)
 * queries
 *   1 HOLDER  name:str                                             (same)
 * outcome: 0 GRANTED, 1 HELD (by another), 2 RENEWED, 3 RELEASED, 4 NOT_HOLDER, 5 FREE;
 * holder "" = nobody (token and expiresAt 0); expiresAt is in the commits' clock (ms since the epoch).
 * notifications (key = lock name, payload = version 0 owner:str token:int):
 *   "acquired" on a new grant, "released" on a release, "expired" when a grant takes over an expired lease
 * </pre>
 * WARNING: only append opcodes and outcomes; their numbers are written to the raft log.
 */
final class LockCodec {
    static final String MACHINE = "lock";

    static final int ACQUIRE = 1;
    static final int RENEW = 2;
    static final int RELEASE = 3;
    static final int HOLDER = 1;

    static final String ACQUIRED = "acquired";
    static final String RELEASED = "released";
    static final String EXPIRED = "expired";

    static final int NAME_BYTES_MAX = 1024;
    static final int OWNER_BYTES_MAX = 256;
    /** Shorter than a commit round trip would expire before its holder hears of it. */
    static final long LEASE_MILLIS_MIN = 100;
    /** A holder that dies keeps the lock this long at most. */
    static final long LEASE_MILLIS_MAX = 3_600_000;
    /** Locks held at once; an acquire beyond it first drops expired leases, then is refused. */
    static final int LOCKS_MAX = 100_000;

    private LockCodec() {
    }

    static byte[] acquire(String name, String owner, long leaseMillis) {
        return new WireWriter(ACQUIRE).str(name).str(owner).integer(leaseMillis).toByteArray();
    }

    static byte[] renew(String name, String owner, long token, long leaseMillis) {
        return new WireWriter(RENEW).str(name).str(owner).integer(token).integer(leaseMillis).toByteArray();
    }

    static byte[] release(String name, String owner, long token) {
        return new WireWriter(RELEASE).str(name).str(owner).integer(token).toByteArray();
    }

    static byte[] holder(String name) {
        return new WireWriter(HOLDER).str(name).toByteArray();
    }

    static byte[] reply(LockReply.Outcome outcome, Lease lease) {
        WireWriter writer = new WireWriter(WireWriter.STATUS_OK).integer(outcome.code());
        if (lease == null) {
            return writer.str("").integer(0).integer(0).toByteArray();
        }
        return writer.str(lease.owner()).integer(lease.token()).integer(lease.expiresAtMillis()).toByteArray();
    }

    static LockReply decodeReply(byte[] reply) {
        WireReader reader = WireReader.reply(MACHINE, reply);
        LockReply.Outcome outcome = LockReply.Outcome.of(reader.integer("outcome"));
        String holder = reader.str("holder", OWNER_BYTES_MAX);
        long token = reader.integer("token");
        long expiresAt = reader.integer("expiresAt");
        reader.end();
        return new LockReply(outcome, holder.isEmpty() ? null : holder, token, expiresAt);
    }

    static byte[] event(Lease lease) {
        return new WireWriter(0).str(lease.owner()).integer(lease.token()).toByteArray();
    }

    /** A grant: who holds the lock, its fencing token, and when it ends (commits' clock). */
    record Lease(String owner, long token, long expiresAtMillis) {
    }
}
