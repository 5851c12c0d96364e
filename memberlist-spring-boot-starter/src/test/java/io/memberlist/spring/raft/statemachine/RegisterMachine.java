package io.memberlist.spring.raft.statemachine;

import io.memberlist.spring.raft.Commit;
import io.memberlist.spring.raft.ReplicatedStateMachine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test machine: named registers of strings. Commands are "key=value" (publishes "changed" for the key, returns
 * the previous value), "fail:message" (throws after a change, so the change must be identical everywhere) and
 * "time" (stores Commit.time() under "time"). Queries are a key. A closed {@link #gate} holds apply back.
 */
final class RegisterMachine implements ReplicatedStateMachine {

    private final String name;
    private final Map<String, String> registers = new TreeMap<>();
    private volatile CountDownLatch gate;

    RegisterMachine(String name) {
        this.name = name;
    }

    /** Holds every apply until {@link #open()}. */
    void close() {
        gate = new CountDownLatch(1);
    }

    void open() {
        CountDownLatch g = gate;
        if (g != null) {
            g.countDown();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] apply(Commit commit) {
        awaitGate();
        String command = new String(commit.payload(), StandardCharsets.UTF_8);
        if (command.startsWith("fail:")) {
            registers.merge("failures", "1", (a, b) -> String.valueOf(Integer.parseInt(a) + 1));
            throw new IllegalStateException(command.substring(5));
        }
        if (command.equals("time")) {
            registers.put("time", Long.toString(commit.time()));
            return new byte[0];
        }
        int eq = command.indexOf('=');
        String key = command.substring(0, eq);
        String value = command.substring(eq + 1);
        String previous = registers.put(key, value);
        commit.publish("changed", key, value.getBytes(StandardCharsets.UTF_8));
        return previous == null ? new byte[0] : previous.getBytes(StandardCharsets.UTF_8);
    }

    private void awaitGate() {
        CountDownLatch g = gate;
        if (g == null) {
            return;
        }
        try {
            if (!g.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public byte[] query(byte[] query) {
        String value = registers.get(new String(query, StandardCharsets.UTF_8));
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(registers.size());
        for (Map.Entry<String, String> e : registers.entrySet()) {
            data.writeUTF(e.getKey());
            data.writeUTF(e.getValue());
        }
        data.flush();
    }

    @Override
    public void readSnapshot(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        registers.clear();
        int size = data.readInt();
        for (int i = 0; i < size; i++) {
            registers.put(data.readUTF(), data.readUTF());
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
