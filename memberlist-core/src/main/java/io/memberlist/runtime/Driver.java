package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.MemberlistException;
import io.memberlist.Node;
import io.memberlist.Stats;
import io.memberlist.protocol.Effect;
import io.memberlist.protocol.SwimMachine;
import io.memberlist.security.Keyring;
import io.memberlist.transport.Dropped;
import io.memberlist.transport.Framing;
import io.memberlist.transport.Traffic;
import io.memberlist.transport.Transport;
import io.memberlist.transport.netty.EventLoops;
import io.memberlist.transport.netty.NettyTransport;
import io.memberlist.wire.Address;
import io.memberlist.wire.DecodedPacket;
import io.memberlist.wire.Message;
import io.memberlist.wire.PushPull;
import io.memberlist.wire.UserMessage;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shell around one {@link SwimMachine}: confines it to one Netty event loop, feeds it inputs stamped
 * with {@link System#nanoTime()}, executes its effects on the transport, arms one timer at its
 * {@code nextDeadline()}, publishes an immutable member snapshot for readers on other threads, and hands
 * events to the delegates through a {@link CallbackDispatcher}. Never blocks the loop.
 *
 * <p>Bounded everywhere: there is no handoff queue between reading and processing (Go needs one because its
 * reader and its protocol run on different goroutines); a packet is decoded and applied on the loop that read
 * it, so the socket's receive buffer is the bound and overflow is the kernel's drop, as in Go. Outbound
 * packets are shed when the socket is not writable, inbound streams are capped, and the delegate backlog
 * is bounded; every drop is counted in {@link Stats}.
 */
public final class Driver implements Transport.Receiver {
    private static final Logger log = LoggerFactory.getLogger(Driver.class);
    /** Lines about input from the network, at most one per kind per this interval. */
    static final java.time.Duration NETWORK_LOG_INTERVAL = java.time.Duration.ofSeconds(10);
    private static final LogThrottle networkLog = new LogThrottle(log, NETWORK_LOG_INTERVAL);
    /** What a delegate hands over that no packet can carry: it may do so on every ask. */
    private static final LogThrottle refusedLog = new LogThrottle(log, NETWORK_LOG_INTERVAL);

    private final Config config;
    private final EventLoop loop;
    private final Framing framing;
    private final Keyring keyring;
    private final Traffic traffic = new Traffic();
    private final CallbackDispatcher callbacks;
    private final CallbackDispatcher queries;
    private final Delegates delegates;
    private final LongAdder pushPulls = new LongAdder();
    private final LongAdder pushPullNanos = new LongAdder();
    private final Map<Long, Transport.InboundStream> inbound = new HashMap<>();
    private final Map<Long, JoinTracker> joins = new HashMap<>();
    private final Map<Long, Long> pushPullStarted = new HashMap<>();
    private final Map<Long, CompletableFuture<Void>> broadcastWaits = new HashMap<>();
    private NettyTransport transport;
    private SwimMachine machine;
    private ScheduledFuture<?> timer;
    private long armedAt = Long.MAX_VALUE;
    private long nextInboundId = 1;
    private long publishedVersion = -1;
    private volatile List<Node> members = List.of();
    private volatile Node local;
    private volatile int healthScore;
    private volatile long probes;
    private volatile long probeFailures;
    private volatile int queuedBroadcasts;
    private volatile long probeAcks;
    private volatile long probeAckNanos;
    private volatile long blockedAlives;
    private volatile long delegateFailures;
    private volatile long userBroadcastsRefused;
    private volatile boolean stopped;
    private volatile int userBroadcastLimit;
    /** A {@code Delegate.getBroadcasts} ask is out (on the loop only). */
    private boolean fetching;

    private Driver(Config config, EventLoop loop, Keyring keyring) {
        this.config = config;
        this.loop = loop;
        this.keyring = keyring;
        this.framing = Framing.of(config, keyring);
        this.callbacks = new CallbackDispatcher(traffic.droppedOverload);
        this.queries = new CallbackDispatcher(traffic.droppedOverload);
        this.delegates = new Delegates(config, callbacks, queries);
    }

    /** Binds, starts the machine, and returns once the node runs. */
    public static Driver start(Config config) {
        Keyring keyring = config.secretKeys().isEmpty() ? null : Keyring.of(config.secretKeys());
        Driver d = new Driver(config, EventLoops.next(), keyring);
        byte[] meta = config.delegate() == null ? new byte[0] : config.delegate().nodeMeta(Config.META_MAX_SIZE);
        if (meta != null && meta.length > Config.META_MAX_SIZE) {
            throw new IllegalArgumentException("the delegate's node meta is " + meta.length + " bytes; memberlist "
                    + "allows at most " + Config.META_MAX_SIZE + ": keep bulky data elsewhere");
        }
        d.transport = NettyTransport.bind(d.loop, config.bindAddress(), config.bindPort(), d.framing, d.traffic, d,
                config.tcpTimeout().toNanos(), config.maxStreamBytes());
        Address advertise;
        try {
            advertise = AdvertiseAddress.choose(config, d.transport.boundAddress());
        } catch (RuntimeException e) {
            d.transport.close();
            throw e;
        }
        SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
        d.onLoop(() -> {
            d.machine = SwimMachine.start(config, advertise, meta, random, System.nanoTime());
            d.userBroadcastLimit = d.machine.userBroadcastLimit();
            d.afterInput();
        }).join();
        log.info("memberlist node {} listening on {}, advertising {}", config.name(), d.transport.boundAddress(),
                advertise);
        return d;
    }

    public Config config() {
        return config;
    }

    /** The node's keyring, for rotation; null when gossip is not encrypted. */
    public Keyring keyring() {
        return keyring;
    }

    // ---- transport inputs (on the loop) -------------------------------------------------------------------

    @Override
    public void onPacket(Address from, DecodedPacket packet, int bytes) {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        for (Message m : packet.messages()) {
            if (m instanceof UserMessage u) {
                delegates.deliverUserMessage(u.payload());
            } else {
                machine.onPacket(from, m, now);
            }
        }
        afterInput();
    }

    @Override
    public void onStream(Transport.InboundStream stream, Address from, Message request) {
        if (stopped) {
            stream.close();
            return;
        }
        if (request instanceof UserMessage u) {
            delegates.deliverUserMessage(u.payload());
            stream.close();
            return;
        }
        long id = nextInboundId++;
        inbound.put(id, stream);
        machine.onStream(id, from, request, System.nanoTime());
        afterInput();
    }

    @Override
    public void onDropped(Dropped.Reason reason, String detail) {
        networkLog.warn(reason.name(), "memberlist {} dropped input ({}): {}", config.name(),
                reason.counterName(), LogThrottle.printable(detail));
    }

    private void onTimer() {
        timer = null;
        armedAt = Long.MAX_VALUE;
        if (stopped) {
            return;
        }
        machine.onTimeout(System.nanoTime());
        afterInput();
    }

    /**
     * Republishes the view, executes what the machine asked for, and re-arms the timer. The view goes first, so
     * an event handler, or a caller whose join just completed, that reads {@code members()} sees the state the
     * event describes (as Go's delegates, called under the state lock, do).
     */
    private void afterInput() {
        publish();
        machine.drainEffects(this::execute);
        long deadline = machine.nextDeadline();
        if (deadline < armedAt && deadline != Long.MAX_VALUE) {
            if (timer != null) {
                timer.cancel(false);
            }
            armedAt = deadline;
            timer = loop.schedule(this::onTimer, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        fetchUserBroadcasts();
    }

    private void publish() {
        long version = machine.version();
        if (version != publishedVersion) {
            publishedVersion = version;
            List<Node> live = new ArrayList<>();
            for (Node n : machine.nodes()) {
                if (!n.state().isDeadOrLeft()) {
                    live.add(n);
                }
            }
            members = List.copyOf(live);
            local = machine.localNode();
        }
        healthScore = machine.healthScore();
        probes = machine.probes();
        probeFailures = machine.probeFailures();
        queuedBroadcasts = machine.queuedBroadcasts();
        probeAcks = machine.probeAcks();
        probeAckNanos = machine.probeAckNanos();
        blockedAlives = machine.blockedAlives();
        delegateFailures = machine.delegateFailures();
        userBroadcastsRefused = machine.droppedUserBroadcasts();
    }

    // ---- effects ------------------------------------------------------------------------------------------

    private void execute(Effect effect) {
        if (effect instanceof Effect.SendPacket p) {
            transport.sendPacket(p.to(), p.messages(), p.checksum());
        } else if (effect instanceof Effect.OpenStream s) {
            openStream(s);
        } else if (effect instanceof Effect.ReplyStream r) {
            replyStream(r);
        } else if (effect instanceof Effect.Notify n) {
            delegates.dispatch(n.event());
        } else if (effect instanceof Effect.PushPullDone d) {
            pushPullDone(d);
        } else if (effect instanceof Effect.BroadcastDone b) {
            CompletableFuture<Void> waiting = broadcastWaits.remove(b.token());
            if (waiting != null) {
                waiting.complete(null);
            }
        }
    }

    private void openStream(Effect.OpenStream s) {
        if (s.request() instanceof PushPull) {
            pushPullStarted.put(s.streamId(), System.nanoTime());
        }
        withUserState(s.request(), request -> {
            long timeout = Math.max(1, s.deadlineNanos() - System.nanoTime());
            transport.request(s.to(), request, timeout).whenCompleteAsync((reply, error) -> {
                if (stopped) {
                    return;
                }
                try {
                    if (error != null) {
                        machine.onStreamFailed(s.streamId(), rootMessage(error), System.nanoTime());
                    } else {
                        machine.onStreamReply(s.streamId(), reply, System.nanoTime());
                    }
                    afterInput();
                } catch (RuntimeException e) {
                    replyFailed(s.streamId(), e);
                }
            }, loop);
        });
    }

    /**
     * Handling a stream's reply threw (the machine turns delegate failures into refusals, so this is a bug):
     * never leave a join waiting for an answer that will not come, and never swallow the error.
     */
    private void replyFailed(long streamId, Throwable failure) {
        log.warn("memberlist {}: handling the reply of stream {} failed", config.name(), streamId, failure);
        pushPullStarted.remove(streamId);
        JoinTracker tracker = joins.remove(streamId);
        if (tracker != null) {
            tracker.done("handling the reply failed: " + rootMessage(failure), false);
        }
        if (!stopped) {
            afterInput();
        }
    }

    private void replyStream(Effect.ReplyStream r) {
        Transport.InboundStream stream = inbound.remove(r.streamId());
        if (stream == null) {
            return;
        }
        if (r.reply() == null) {
            stream.close();
            return;
        }
        withUserState(r.reply(), stream::reply);
    }

    /** A push/pull goes out with the delegate's local state, read off the loop; other messages as they are. */
    private void withUserState(Message message, java.util.function.Consumer<Message> then) {
        if (!(message instanceof PushPull pp) || config.delegate() == null) {
            then.accept(message);
            return;
        }
        delegates.localState(pp.join()).thenAcceptAsync(
                state -> then.accept(new PushPull(pp.join(), pp.nodes(), state)), loop);
    }

    private void pushPullDone(Effect.PushPullDone d) {
        Long started = pushPullStarted.remove(d.streamId());
        if (d.error() == null && started != null) {
            pushPulls.increment();
            pushPullNanos.add(System.nanoTime() - started);
        } else if (d.error() != null) {
            log.debug("memberlist {} push/pull failed: {}", config.name(), d.error());
        }
        JoinTracker tracker = joins.remove(d.streamId());
        if (tracker != null && d.error() != null) {
            networkLog.warn("join", "memberlist {}: join failed: {}", config.name(), d.error());
        }
        if (tracker != null) {
            tracker.done(d.error(), d.nameTaken());
        }
    }

    /**
     * Asks the delegate for broadcasts (and reads the ack payload) whenever the machine has a fetch credit: one
     * per packet that piggybacked and one per gossip round, each told the room a packet really has (Go's
     * {@code getBroadcasts}). One ask at a time, off the loop; a positive answer may be followed by the next
     * ask at once, until the credits or the machine's pool are spent.
     *
     * <p>Diverges from Go: Go asks {@code GetBroadcasts} while it builds each packet, with that packet's own
     * remaining room. Delegates never run on the event loop here, so the answer to the ask a packet caused
     * fills later packets, each taking from the pool what fits its remaining room; the pool is kept about one
     * gossip round ahead, so a round's packets all carry fresh data. Go also reads {@code AckPayload} for
     * every ping it answers; here it is read with each ask, so an ack carries a payload read at most a few
     * packets earlier.
     */
    private void fetchUserBroadcasts() {
        if (fetching || stopped || !delegates.hasPullHooks()) {
            return;
        }
        int limit = machine.nextUserFetch();
        if (limit == 0) {
            return;
        }
        fetching = true;
        delegates.pull(SwimMachine.USER_BROADCAST_OVERHEAD, limit, (ack, broadcasts) -> loop.execute(() -> {
            fetching = false;
            if (stopped) {
                return;
            }
            if (config.ping() != null && !machine.setAckPayload(ack)) {
                refusedLog.warn("ack-payload", "memberlist {}: PingDelegate.ackPayload returned {} bytes, but an ack "
                        + "packet has room for {} bytes, ack fields included, with this udpBufferSize, encryption and "
                        + "label; acks go out without it (counted in userBroadcastsRefused)", config.name(),
                        ack.length, machine.userBroadcastLimit());
            }
            for (byte[] b : broadcasts) {
                if (b != null && !machine.offerUserMessage(b)) {
                    refusedLog.warn("user-broadcast", "memberlist {}: Delegate.getBroadcasts returned a message of {} "
                            + "bytes, but a packet carries at most {} with this udpBufferSize, encryption and label; "
                            + "dropped (counted in userBroadcastsRefused): send it with sendReliable instead",
                            config.name(), b.length,
                            machine.userBroadcastLimit() - SwimMachine.USER_BROADCAST_OVERHEAD);
                }
            }
            afterInput();
        }));
    }

    // ---- commands (any thread) ----------------------------------------------------------------------------

    public CompletableFuture<Integer> join(List<String> seeds) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Address advertised = local.address();
        Address bound = transport.boundAddress();
        // Name resolution may block: never on the loop, and never behind the application's event handlers. A
        // seed that is this node is no join: refused with a reason, so a join through nobody but itself fails
        // instead of "succeeding" alone.
        queries.submit(() -> {
            List<String> errors = new ArrayList<>();
            List<Address> addresses = Seeds.resolve(seeds, Seeds.DEFAULT_PORT,
                    a -> Seeds.isSelf(a, advertised, bound), errors);
            if (errors.stream().anyMatch(e -> e.endsWith(" is this node itself"))) {
                errors.add("this node is " + config.name() + ", advertising " + advertised + ", bound to " + bound);
            }
            return new Object[] {addresses, errors};
        }).thenAcceptAsync(resolved -> {
            @SuppressWarnings("unchecked") List<Address> addresses = (List<Address>) resolved[0];
            @SuppressWarnings("unchecked") List<String> errors = (List<String>) resolved[1];
            if (stopped) {
                result.completeExceptionally(new MemberlistException("memberlist is shut down"));
                return;
            }
            JoinTracker tracker = new JoinTracker(addresses.size(), errors, result);
            long now = System.nanoTime();
            for (Address a : addresses) {
                joins.put(machine.join(a, now), tracker);
            }
            afterInput();
        }, loop);
        return result;
    }

    public CompletableFuture<Void> leave() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            long token = machine.leave(System.nanoTime());
            broadcastWaits.put(token, done);
            afterInput();
        });
        return done;
    }

    /** Advertises {@code meta}, or the delegate's current meta when null; completes once gossiped. */
    public CompletableFuture<Void> updateMeta(byte[] meta) {
        CompletableFuture<byte[]> next = meta != null ? CompletableFuture.completedFuture(meta) : delegates.nodeMeta();
        CompletableFuture<Void> done = new CompletableFuture<>();
        next.whenCompleteAsync((m, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            try {
                long token = machine.updateMeta(m, System.nanoTime());
                broadcastWaits.put(token, done);
                afterInput();
            } catch (IllegalArgumentException e) {
                done.completeExceptionally(e);
            }
        }, loop);
        return done;
    }

    public void sendBestEffort(Address to, byte[] message) {
        loop.execute(() -> {
            if (!stopped) {
                transport.sendPacket(to, List.of(new UserMessage(message)), false);
            }
        });
    }

    public CompletableFuture<Void> sendReliable(Address to, byte[] message) {
        return CompletableFuture.supplyAsync(
                () -> transport.send(to, new UserMessage(message), config.tcpTimeout().toNanos()), loop)
                .thenCompose(sent -> sent);
    }

    /** @throws IllegalArgumentException when the message can never fit in a gossip packet */
    public void queueBroadcast(byte[] message) {
        if (message.length + SwimMachine.USER_BROADCAST_OVERHEAD > userBroadcastLimit) {
            throw new IllegalArgumentException("a broadcast of " + message.length + " bytes never fits in a gossip "
                    + "packet, which has room for " + (userBroadcastLimit - SwimMachine.USER_BROADCAST_OVERHEAD)
                    + " with this udpBufferSize, encryption and label: send it with sendReliable instead");
        }
        onLoop(() -> {
            machine.queueUserBroadcast(message);
            afterInput();
        });
    }

    /** Stops at once, without a word to the cluster; pending waits fail. Idempotent. */
    public void shutdown() {
        if (stopped) {
            return;
        }
        CompletableFuture<Void> closed = onLoop(() -> {
            stopped = true;
            if (timer != null) {
                timer.cancel(false);
            }
            transport.close();
            MemberlistException down = new MemberlistException("memberlist is shut down");
            broadcastWaits.values().forEach(f -> f.completeExceptionally(down));
            broadcastWaits.clear();
            inbound.values().forEach(Transport.InboundStream::close);
            inbound.clear();
        });
        if (!loop.inEventLoop()) {
            closed.join();
        }
    }

    // ---- reads (any thread) -------------------------------------------------------------------------------

    public List<Node> members() {
        return members;
    }

    public Node localNode() {
        return local;
    }

    public int healthScore() {
        return healthScore;
    }

    /** Whether {@link #shutdown()} ran. */
    public boolean isShutdown() {
        return stopped;
    }

    public Stats stats() {
        return new Stats(traffic.packetsSent.sum(), traffic.packetBytesSent.sum(), traffic.packetsReceived.sum(),
                traffic.packetBytesReceived.sum(), traffic.streamsOpened.sum(), traffic.streamsAccepted.sum(),
                traffic.streamBytesSent.sum(), traffic.streamBytesReceived.sum(), traffic.sentByType(),
                traffic.receivedByType(), traffic.droppedMalformed.sum(), traffic.droppedLabel.sum(),
                traffic.droppedDecrypt.sum(), traffic.droppedOverload.sum(), probes, probeFailures,
                pushPulls.sum(), pushPullNanos.sum(), queuedBroadcasts, probeAcks, probeAckNanos,
                traffic.droppedByReason(), traffic.streamsUnanswered.sum(), blockedAlives, delegateFailures,
                userBroadcastsRefused);
    }

    private CompletableFuture<Void> onLoop(Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        };
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
        return done;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c && (c instanceof java.util.concurrent.CompletionException)) {
            c = c.getCause();
        }
        return String.valueOf(c.getMessage());
    }
}
