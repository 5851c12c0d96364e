package io.memberlist.spring.raft.builtin;

import io.memberlist.runtime.LogThrottle;
import io.memberlist.spring.raft.Commit;
import io.memberlist.spring.raft.ReplicatedStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the built-in machines share: a command or query that cannot be read is refused with a
 * {@linkplain WireWriter#rejected rejected reply}, counted and logged (at most one line per 10 s), and never
 * changes the state. Subclasses read every field (and {@link WireReader#end()}) before they change anything, so
 * a refusal always leaves the state as it was, on every server alike.
 */
abstract class BuiltinMachine implements ReplicatedStateMachine {
    private static final Logger log = LoggerFactory.getLogger(BuiltinMachine.class);
    private static final LogThrottle rejectionLog = new LogThrottle(log, Duration.ofSeconds(10));

    private final AtomicLong rejected = new AtomicLong();

    @Override
    public final byte[] apply(Commit commit) {
        try {
            return applyCommand(WireReader.open(commit.payload()), commit);
        } catch (MalformedPayloadException e) {
            return reject("command", commit.index(), e);
        }
    }

    @Override
    public final byte[] query(byte[] query) {
        try {
            return answer(WireReader.open(query));
        } catch (MalformedPayloadException e) {
            return reject("query", -1, e);
        }
    }

    /** Commands and queries refused since this server started (each server counts the commands it applies). */
    public long rejectedCount() {
        return rejected.get();
    }

    /** Applies the command whose opcode is {@code reader.code()}; reads all fields before changing state. */
    protected abstract byte[] applyCommand(WireReader reader, Commit commit);

    /** Answers the query whose opcode is {@code reader.code()}. */
    protected abstract byte[] answer(WireReader reader);

    static MalformedPayloadException unknownOpcode(String kind, int code) {
        return new MalformedPayloadException("unknown " + kind + " opcode " + code);
    }

    private byte[] reject(String kind, long index, MalformedPayloadException e) {
        rejected.incrementAndGet();
        rejectionLog.warn(name() + "-" + kind, "raft machine '{}' rejected a {} (index {}): {}",
                name(), kind, index, LogThrottle.printable(e.getMessage()));
        return WireWriter.rejected(e.getMessage());
    }
}
