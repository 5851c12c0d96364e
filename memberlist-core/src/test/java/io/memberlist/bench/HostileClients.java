package io.memberlist.bench;

import io.memberlist.transport.Framing;
import io.memberlist.wire.Message;
import io.memberlist.wire.PushPull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attackers and the one honest client of {@link AttackBenchmark}, all on loopback: connections that
 * stay silent or trickle a byte now and then (re-opened when the node cuts them), a user message that
 * announces more than it sends, and a push/pull written as a peer would.
 */
final class HostileClients {
    private HostileClients() {
    }

    /** The bytes of an unencrypted, uncompressed stream user message announcing {@code announced} bytes. */
    static byte[] userMessageHeader(long announced) {
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + 11 + 5);
        b.put((byte) 8).put((byte) 0x81).put((byte) 0xaa).put("UserMsgLen".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put((byte) 0xce).putInt((int) announced);
        return b.array();
    }

    /**
     * One push/pull as a peer sends it; true when the node answered with a push/pull within {@code timeout}.
     */
    static boolean pushPull(InetSocketAddress node, Framing framing, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(node, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write(framing.streamPreamble());
            s.getOutputStream().write(framing.encodeStream(new PushPull(false, List.of(), null)));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                int n = in.read(chunk);
                if (n < 0) {
                    return false;
                }
                got.write(chunk, 0, n);
                Message reply = framing.decodeStream(got.toByteArray(), false);
                if (reply != null) {
                    return reply instanceof PushPull;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * {@code count} connections to {@code node}, each writing {@code trickle} one byte at a time every
     * {@code every} (nothing when {@code trickle} is empty), re-opened whenever the node closes one. Runs on
     * one thread until {@link #close()}; counts the connections the node cut and how long each lived.
     */
    static final class Flood implements AutoCloseable {
        final AtomicLong opened = new AtomicLong();
        final AtomicLong cut = new AtomicLong();
        final AtomicLong cutLifetimeNanos = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Flood(InetSocketAddress node, int count, byte[] trickle, Duration every) {
            thread = new Thread(() -> run(node, count, trickle, every), "flood");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(InetSocketAddress node, int count, byte[] trickle, Duration every) {
            try (Selector selector = Selector.open()) {
                for (int i = 0; i < count; i++) {
                    open(selector, node);
                }
                long nextTrickle = System.nanoTime() + every.toNanos();
                ByteBuffer sink = ByteBuffer.allocate(4096);
                while (running.get()) {
                    selector.select(50);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Conn c = (Conn) key.attachment();
                        int n;
                        try {
                            sink.clear();
                            n = ((SocketChannel) key.channel()).read(sink);
                        } catch (IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            cut.incrementAndGet();
                            cutLifetimeNanos.addAndGet(System.nanoTime() - c.openedAt);
                            key.cancel();
                            key.channel().close();
                            open(selector, node);
                        }
                    }
                    selector.selectedKeys().clear();
                    if (trickle.length > 0 && System.nanoTime() >= nextTrickle) {
                        nextTrickle += every.toNanos();
                        for (SelectionKey key : new ArrayList<>(selector.keys())) {
                            Conn c = (Conn) key.attachment();
                            if (key.isValid() && c.sent < trickle.length) {
                                try {
                                    ((SocketChannel) key.channel()).write(ByteBuffer.wrap(trickle, c.sent++, 1));
                                } catch (IOException e) {
                                    // cut: the read side sees it
                                }
                            }
                        }
                    }
                }
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void open(Selector selector, InetSocketAddress node) throws IOException {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.connect(node);
            } catch (IOException e) {
                ch.close(); // refused while the backlog is full: try again on the next cut
                return;
            }
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, new Conn(System.nanoTime()));
            opened.incrementAndGet();
        }

        /** Average life of a connection the node cut, in ms. */
        double meanCutLifeMillis() {
            long n = cut.get();
            return n == 0 ? 0 : cutLifetimeNanos.get() / 1e6 / n;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }

        private static final class Conn {
            final long openedAt;
            int sent;

            Conn(long openedAt) {
                this.openedAt = openedAt;
            }
        }
    }
}
