package io.memberlist;

import io.memberlist.runtime.Driver;
import io.memberlist.wire.Address;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running memberlist node: the public API (Go's {@code *Memberlist}). Create one with
 * {@link #create(Config)}, {@link #join} a cluster through seeds, read {@link #members()}, and
 * {@link #leave} then {@link #shutdown()} (or {@link #close()}) when done.
 *
 * <p>Thread-safe. Reads ({@code members()}, {@code localNode()}, {@code numMembers()}) return an immutable
 * snapshot without locking; commands are posted to the node's event loop and never block it. Blocking calls
 * take a timeout; each has an asynchronous variant returning a {@link CompletableFuture}. Delegates are
 * called on a separate executor, one call at a time per node, in order.
 */
public final class Memberlist implements AutoCloseable {
    private final Driver driver;

    private Memberlist(Driver driver) {
        this.driver = driver;
    }

    /**
     * Binds the UDP and TCP listeners, claims the local node alive at incarnation 1 and starts probing,
     * gossip and push/pull. The node knows only itself until it {@link #join}s.
     *
     * @throws IllegalArgumentException when the node meta exceeds 512 bytes
     * @throws java.io.UncheckedIOException when the address cannot be bound
     */
    public static Memberlist create(Config config) {
        return new Memberlist(Driver.start(config));
    }

    /**
     * Joins the cluster through {@code seeds}, each {@code host:port} (or {@code host}, meaning port
     * {@value io.memberlist.runtime.Seeds#DEFAULT_PORT}; a name may resolve to several addresses), with a
     * push/pull to each. Returns how many answered. A seed address that is this node's own is skipped and
     * counts as a failure, so a join through nobody but itself fails.
     *
     * @throws MemberlistException when no seed could be reached, with the reason of each failure
     */
    public int join(List<String> seeds) {
        return await(joinAsync(seeds), driver.config().tcpTimeout().multipliedBy(2).plusSeconds(1));
    }

    /** As {@link #join}, without blocking; fails with {@link MemberlistException} when no seed answered. */
    public CompletableFuture<Integer> joinAsync(List<String> seeds) {
        return driver.join(seeds);
    }

    /** Every member alive or suspect, this node included (dead and left members are not members). */
    public List<Node> members() {
        return driver.members();
    }

    /** How many members are alive or suspect, this node included. */
    public int numMembers() {
        return driver.members().size();
    }

    /** This node as it advertises itself. */
    public Node localNode() {
        return driver.localNode();
    }

    /**
     * Re-reads the node meta from {@link io.memberlist.delegate.Delegate#nodeMeta(int)} and advertises it
     * under a new incarnation, waiting up to {@code timeout} for the update to be gossiped.
     *
     * @throws MemberlistException on timeout (the update still spreads)
     */
    public void updateNode(Duration timeout) {
        await(updateNodeAsync(), timeout);
    }

    /** As {@link #updateNode}, without blocking. */
    public CompletableFuture<Void> updateNodeAsync() {
        return driver.updateMeta(null);
    }

    /** Advertises {@code meta} (at most 512 bytes) under a new incarnation; completes once gossiped. */
    public CompletableFuture<Void> updateMetaAsync(byte[] meta) {
        return driver.updateMeta(meta);
    }

    /** Sends {@code message} to {@code node} in one UDP packet: unreliable, unordered, and cheap. */
    public void sendBestEffort(Node node, byte[] message) {
        driver.sendBestEffort(node.address(), message);
    }

    /** Sends {@code message} to any memberlist node at {@code address} over UDP. */
    public void sendToAddress(Address address, byte[] message) {
        driver.sendBestEffort(address, message);
    }

    /**
     * Sends {@code message} to {@code node} over a TCP stream, waiting up to the TCP timeout until it was
     * written.
     *
     * @throws MemberlistException when the node could not be reached
     */
    public void sendReliable(Node node, byte[] message) {
        await(sendReliableAsync(node, message), driver.config().tcpTimeout().plusSeconds(1));
    }

    /** As {@link #sendReliable}, without blocking. */
    public CompletableFuture<Void> sendReliableAsync(Node node, byte[] message) {
        return driver.sendReliable(node.address(), message);
    }

    /**
     * Queues an application broadcast that memberlist piggybacks on its own traffic, retransmitted like
     * its own state changes ({@code retransmitMult × log(n)} times). It reaches
     * {@link io.memberlist.delegate.Delegate#notifyMsg} on the other nodes.
     *
     * @throws IllegalArgumentException when the message is too large for any gossip packet (about
     *                                   {@code udpBufferSize} less framing, encryption and label overhead)
     */
    public void queueBroadcast(byte[] message) {
        driver.queueBroadcast(message);
    }

    /**
     * Leaves the cluster gracefully: announces this node's departure and waits up to {@code timeout} until
     * the announcement has been gossiped. Other nodes mark it left, not dead. The node keeps answering
     * until {@link #shutdown()}.
     *
     * @throws MemberlistException on timeout (the announcement still spreads while the node runs)
     */
    public void leave(Duration timeout) {
        await(leaveAsync(), timeout);
    }

    /** As {@link #leave}, without blocking. */
    public CompletableFuture<Void> leaveAsync() {
        return driver.leave();
    }

    /**
     * Stops the node at once: closes its sockets and timers without telling anyone (others will detect it
     * as failed; call {@link #leave} first to leave gracefully). Idempotent.
     */
    public void shutdown() {
        driver.shutdown();
    }

    /** Whether {@link #shutdown()} (or {@link #close()}) ran: the node no longer takes part. */
    public boolean isShutdown() {
        return driver.isShutdown();
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    /** Lifeguard's local health score: 0 is healthy; higher means this node sees signs of its own trouble. */
    public int healthScore() {
        return driver.healthScore();
    }

    /** The memberlist protocol version this node speaks. */
    public int protocolVersion() {
        return driver.config().protocolVersion();
    }

    /** Counters of what this node sent, received and dropped. */
    public Stats stats() {
        return driver.stats();
    }

    /**
     * The gossip keyring, for key rotation while running (install the new key everywhere with
     * {@code addKey}, switch with {@code useKey}, then {@code removeKey} the old one); empty when gossip is
     * not encrypted.
     */
    public java.util.Optional<io.memberlist.security.Keyring> keyring() {
        return java.util.Optional.ofNullable(driver.keyring());
    }

    /** The configuration this node runs with. */
    public Config config() {
        return driver.config();
    }

    /** Waits for {@code future} up to {@code timeout}, turning every failure into a {@link MemberlistException}. */
    private static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new MemberlistException("timed out after " + timeout + " (the operation goes on in the background)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MemberlistException m) {
                throw m;
            }
            if (cause instanceof IllegalArgumentException i) {
                throw i;
            }
            throw new MemberlistException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemberlistException("interrupted while waiting", e);
        }
    }

    @Override
    public String toString() {
        return "Memberlist[" + localNode() + "]";
    }
}
