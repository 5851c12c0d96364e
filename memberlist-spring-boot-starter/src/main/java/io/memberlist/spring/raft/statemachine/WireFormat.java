package io.memberlist.spring.raft.statemachine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes that travel between {@link RatisRaftOperations} and {@link StateMachineHost}, and the bytes of a raft
 * log entry. Every message starts with a format version byte, so a later version can read (or refuse, with a
 * message that says so) what an earlier one wrote; log entries outlive the code that wrote them.
 *
 * <p>Strings are {@link DataOutputStream#writeUTF modified UTF-8}, payloads are length-prefixed. Reading
 * anything malformed throws {@link IllegalArgumentException} with what was wrong.
 */
final class WireFormat {

    /** The only version this code writes and reads. */
    static final byte VERSION = 1;

    // Kinds: numeric values are part of the log format. ONLY APPEND.
    static final byte COMMAND = 1;
    static final byte QUERY = 2;
    static final byte POLL = 3;
    static final byte LOG_ENTRY = 17;

    // Reply status: ONLY APPEND.
    static final byte OK = 0;
    static final byte ERROR = 1;
    /** A query answer refused because the server's applied index is below the index the client asked for. */
    static final byte STALE = 2;
    /** A poll sent to a server that does not lead; the error text is the leader it knows of, or empty. */
    static final byte NOT_LEADER = 3;

    /** What a client asks: a command or a query for a machine, or a notification poll. */
    sealed interface Request permits Call, Poll {
    }

    /** A command or query: {@code kind} is {@link #COMMAND} or {@link #QUERY}. */
    record Call(byte kind, String machine, byte[] payload) implements Request {
    }

    /** "Notifications of machine/event (/key) after this position, waiting at most waitMillis for one." */
    record Poll(NotificationFilter filter, Position after, int waitMillis) implements Request {
    }

    /** A command as stored in the raft log: stamped by the leader with the proposer's time. */
    record LogEntry(long timeMillis, String machine, byte[] payload) {
    }

    /** The result of a command: the machine's answer, or an error message. */
    record CommandResult(byte status, byte[] payload, String error) {
    }

    /** The answer to a query, with the applied index it reflects (or the server's index when {@link #STALE}). */
    record QueryAnswer(byte status, long index, byte[] payload, String error) {
    }

    /** A batch of notifications; {@code gap} says some after the asked position were evicted first. */
    record PollAnswer(byte status, boolean gap, Position evictedUpTo, Position cursor,
                      List<BufferedNotification> notifications, String error) {
    }

    private WireFormat() {
    }

    static byte[] call(byte kind, String machine, byte[] payload) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(kind);
            out.writeUTF(machine);
            writeBytes(out, payload);
        });
    }

    static byte[] poll(Poll poll) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(POLL);
            out.writeUTF(poll.filter().machine());
            out.writeUTF(poll.filter().event());
            writeNullable(out, poll.filter().key());
            writePosition(out, poll.after());
            out.writeInt(poll.waitMillis());
        });
    }

    static Request readRequest(byte[] bytes) {
        return read(bytes, "request", in -> {
            byte kind = in.readByte();
            if (kind == COMMAND || kind == QUERY) {
                return new Call(kind, in.readUTF(), readBytes(in));
            }
            if (kind == POLL) {
                NotificationFilter filter = new NotificationFilter(in.readUTF(), in.readUTF(), readNullable(in));
                return new Poll(filter, readPosition(in), in.readInt());
            }
            throw new IllegalArgumentException("unknown request kind " + kind);
        });
    }

    static byte[] logEntry(LogEntry entry) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(LOG_ENTRY);
            out.writeLong(entry.timeMillis());
            out.writeUTF(entry.machine());
            writeBytes(out, entry.payload());
        });
    }

    static LogEntry readLogEntry(byte[] bytes) {
        return read(bytes, "log entry", in -> {
            byte kind = in.readByte();
            if (kind != LOG_ENTRY) {
                throw new IllegalArgumentException("not a command log entry (kind " + kind + ")");
            }
            return new LogEntry(in.readLong(), in.readUTF(), readBytes(in));
        });
    }

    static byte[] commandResult(CommandResult result) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(result.status());
            writeBytes(out, result.status() == OK ? result.payload() : utf8(result.error()));
        });
    }

    static CommandResult readCommandResult(byte[] bytes) {
        return read(bytes, "command result", in -> {
            byte status = in.readByte();
            byte[] body = readBytes(in);
            return status == OK ? new CommandResult(OK, body, null)
                    : new CommandResult(status, null, new String(body, StandardCharsets.UTF_8));
        });
    }

    static byte[] queryAnswer(QueryAnswer answer) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(answer.status());
            out.writeLong(answer.index());
            writeBytes(out, answer.status() == ERROR ? utf8(answer.error()) : answer.payload());
        });
    }

    static QueryAnswer readQueryAnswer(byte[] bytes) {
        return read(bytes, "query answer", in -> {
            byte status = in.readByte();
            long index = in.readLong();
            byte[] body = readBytes(in);
            return status == ERROR ? new QueryAnswer(status, index, null, new String(body, StandardCharsets.UTF_8))
                    : new QueryAnswer(status, index, body, null);
        });
    }

    static byte[] pollAnswer(PollAnswer answer) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(answer.status());
            if (answer.status() != OK) {
                out.writeUTF(answer.error());
                return;
            }
            out.writeBoolean(answer.gap());
            writePosition(out, answer.evictedUpTo());
            writePosition(out, answer.cursor());
            writeNotifications(out, answer.notifications());
        });
    }

    static PollAnswer readPollAnswer(byte[] bytes) {
        return read(bytes, "poll answer", in -> {
            byte status = in.readByte();
            if (status != OK) {
                return new PollAnswer(status, false, null, null, List.of(), in.readUTF());
            }
            boolean gap = in.readBoolean();
            Position evicted = readPosition(in);
            Position cursor = readPosition(in);
            return new PollAnswer(OK, gap, evicted, cursor, readNotifications(in), null);
        });
    }

    static void writeNotifications(DataOutputStream out, List<BufferedNotification> notifications)
            throws IOException {
        out.writeInt(notifications.size());
        for (BufferedNotification n : notifications) {
            out.writeUTF(n.machine());
            out.writeUTF(n.event());
            writeNullable(out, n.key());
            writeBytes(out, n.payload());
            writePosition(out, n.position());
        }
    }

    static List<BufferedNotification> readNotifications(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IllegalArgumentException("negative notification count " + count);
        }
        List<BufferedNotification> list = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            list.add(new BufferedNotification(in.readUTF(), in.readUTF(), readNullable(in), readBytes(in),
                    readPosition(in)));
        }
        return list;
    }

    static void writePosition(DataOutputStream out, Position position) throws IOException {
        out.writeLong(position.index());
        out.writeInt(position.ordinal());
    }

    static Position readPosition(DataInputStream in) throws IOException {
        return new Position(in.readLong(), in.readInt());
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IllegalArgumentException("length " + length + " exceeds the " + in.available()
                    + " bytes left");
        }
        return in.readNBytes(length);
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Reads a versioned message; anything malformed becomes an IllegalArgumentException naming {@code what}. */
    static <T> T read(byte[] bytes, String what, Reader<T> reader) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty " + what);
        }
        try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = data.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException(what + " has format version " + version + ", this server reads "
                        + "version " + VERSION + " (was it written by a newer release?)");
            }
            T value = reader.read(data);
            if (data.available() != 0) {
                throw new IllegalArgumentException(what + " has " + data.available() + " trailing bytes");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated " + what, e);
        }
    }
}
