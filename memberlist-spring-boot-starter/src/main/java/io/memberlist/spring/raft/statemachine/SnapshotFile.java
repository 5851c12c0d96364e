package io.memberlist.spring.raft.statemachine;

import io.memberlist.spring.raft.ReplicatedStateMachine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One snapshot file holds the whole host: the notification buffer, then every machine's state.
 *
 * <pre>
 * int   magic "MLRS"
 * byte  version (1)
 * notification buffer (evicted-up-to position, count, notifications)
 * int   machine count
 * per machine, sorted by name: UTF name, int length, the bytes its writeSnapshot wrote
 * </pre>
 *
 * Each machine's state is buffered in memory so the file can say how long it is; a reader skips a machine it
 * does not host instead of misreading the next one.
 */
final class SnapshotFile {

    private static final Logger log = LoggerFactory.getLogger(SnapshotFile.class);
    private static final int MAGIC = 0x4d4c5253; // "MLRS"
    private static final byte VERSION = 1;

    private SnapshotFile() {
    }

    /** Writes to a temporary file first and moves it into place, so a crash never leaves half a snapshot. */
    static void write(Path file, Map<String, ReplicatedStateMachine> machines, NotificationLog notifications)
            throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            notifications.writeTo(out);
            out.writeInt(machines.size());
            for (Map.Entry<String, ReplicatedStateMachine> e : machines.entrySet()) {
                ByteArrayOutputStream state = new ByteArrayOutputStream();
                e.getValue().writeSnapshot(state);
                out.writeUTF(e.getKey());
                WireFormat.writeBytes(out, state.toByteArray());
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads every hosted machine present in the file; a machine in the file but not hosted is skipped, loudly. */
    static void read(Path file, Map<String, ReplicatedStateMachine> machines, NotificationLog notifications)
            throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a memberlist raft snapshot");
            }
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IOException(file + " has snapshot format version " + version + ", this release reads "
                        + VERSION);
            }
            notifications.readFrom(in);
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] state = in.readNBytes(in.readInt());
                ReplicatedStateMachine machine = machines.get(name);
                if (machine == null) {
                    log.warn("Snapshot {} holds state of machine '{}' which this server does not host; skipped it "
                            + "(commands for it will fail)", file.getFileName(), name);
                    continue;
                }
                machine.readSnapshot(new ByteArrayInputStream(state));
            }
        }
    }
}
