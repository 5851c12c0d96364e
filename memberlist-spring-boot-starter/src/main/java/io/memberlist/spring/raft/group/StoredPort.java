package io.memberlist.spring.raft.group;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The raft port when {@code memberlist.raft.port=0}: picked once, then remembered in the storage directory.
 * The group's stored configuration names every voter by address, so a voter restarting on another port would
 * be unreachable at the address its peers know.
 */
final class StoredPort {
    static final String FILE = "raft-port";

    private StoredPort() {
    }

    static int resolve(int configured, Path storageDir) {
        if (configured != 0) {
            return configured;
        }
        Path file = storageDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            Files.createDirectories(storageDir);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Files.writeString(file, Integer.toString(port), StandardCharsets.US_ASCII);
            return port;
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException("cannot read or store the raft port in " + file, e instanceof IOException io
                    ? io : new IOException(e));
        }
    }
}
