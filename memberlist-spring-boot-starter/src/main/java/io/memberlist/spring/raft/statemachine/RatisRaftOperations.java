package io.memberlist.spring.raft.statemachine;

import io.memberlist.spring.raft.Notification;
import io.memberlist.spring.raft.QueryResult;
import io.memberlist.spring.raft.RaftOperations;
import io.memberlist.spring.raft.Subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.StaleReadException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * {@link RaftOperations} over a Ratis {@link RaftClient}, for the machines of a {@link StateMachineHost}.
 *
 * <p>The index rule: this client keeps the highest log index it has seen (command results and query answers).
 * {@link #query} asks the preferred server first (the local one, when this node is a voter), then the other
 * followers, then the leader, each as a Ratis stale read with that index as its minimum; a server that has
 * applied less refuses at once and the next one is asked. If none can answer, the query becomes a
 * {@link #linearizableQuery}. So a query never returns state older than what this client has already seen.
 *
 * <p>Does not own the {@link RaftClient}: {@link #close()} ends the subscriptions, the caller closes the client.
 */
public final class RatisRaftOperations implements RaftOperations, AutoCloseable {

    /**
     * The event of the {@link Notification} a subscriber receives when notifications it should have seen were
     * evicted from the leader's buffer before it could fetch them; its index is the newest one lost.
     */
    public static final String GAP_EVENT = "memberlist.raft.gap";

    /**
     * @param preferredServer asked first by {@link #query} (null: no preference)
     * @param commandTimeout  how long a command or linearizable query may take before failing with a
     *                        message (leader election included); keep it above the Ratis client's retry time
     * @param serverTimeout   how long one server may take to answer a query before the next is asked
     * @param pollWait        how long a subscriber's poll waits on the leader; below the Ratis client request
     *                        timeout ({@code raft.client.rpc.request.timeout}, 3 s by default)
     * @param retryBackoff    the pause before a subscriber polls again after a failed poll
     */
    public record Settings(RaftPeerId preferredServer, Duration commandTimeout, Duration serverTimeout,
                           Duration pollWait, Duration retryBackoff) {

        public Settings {
            Objects.requireNonNull(commandTimeout, "commandTimeout");
            Objects.requireNonNull(serverTimeout, "serverTimeout");
            Objects.requireNonNull(pollWait, "pollWait");
            Objects.requireNonNull(retryBackoff, "retryBackoff");
        }

        /** No preferred server, 30 s per command, 2 s per server, 1 s polls, 200 ms backoff. */
        public static Settings defaults() {
            return new Settings(null, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(1),
                    Duration.ofMillis(200));
        }

        public Settings withPreferredServer(RaftPeerId server) {
            return new Settings(server, commandTimeout, serverTimeout, pollWait, retryBackoff);
        }

        public Settings withCommandTimeout(Duration timeout) {
            return new Settings(preferredServer, timeout, serverTimeout, pollWait, retryBackoff);
        }
    }

    private final RaftClient client;
    private final Supplier<RaftGroup> group;
    private final Settings settings;
    private final AtomicLong highestSeen = new AtomicLong();
    private final Map<RaftPeerId, AtomicLong> staleAnswers = new ConcurrentHashMap<>();
    private final Set<PollingSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;

    /**
     * @param client   a client of the group (its retry policy decides how long a command chases a leader)
     * @param group    the group's current peers, asked on every query (they change with reconfiguration)
     * @param settings timeouts and the preferred server
     */
    public RatisRaftOperations(RaftClient client, Supplier<RaftGroup> group, Settings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.group = Objects.requireNonNull(group, "group");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raft-subscriptions");
            t.setDaemon(true);
            return t;
        });
    }

    /** The highest log index this client has seen in a command result or a query answer. */
    public long highestSeenIndex() {
        return highestSeen.get();
    }

    /** How often {@code server} could not answer a query because it had applied less than this client saw. */
    public long staleAnswers(RaftPeerId server) {
        AtomicLong count = staleAnswers.get(server);
        return count == null ? 0 : count.get();
    }

    @Override
    public CompletableFuture<byte[]> command(String machine, byte[] command) {
        Message message = message(WireFormat.call(WireFormat.COMMAND, machine, command));
        return within(client.async().send(message), settings.commandTimeout(), "command to machine '" + machine + "'")
                .thenApply(reply -> {
                    WireFormat.CommandResult result = WireFormat.readCommandResult(content(reply));
                    see(reply.getLogIndex());
                    if (result.status() != WireFormat.OK) {
                        throw new RaftOperationException("command to machine '" + machine + "' failed: "
                                + result.error());
                    }
                    return result.payload();
                });
    }

    @Override
    public CompletableFuture<QueryResult> query(String machine, byte[] query) {
        Message message = message(WireFormat.call(WireFormat.QUERY, machine, query));
        long minIndex = highestSeen.get();
        return ask(machine, message, candidates(), 0, minIndex);
    }

    @Override
    public CompletableFuture<QueryResult> linearizableQuery(String machine, byte[] query) {
        return linearizable(machine, message(WireFormat.call(WireFormat.QUERY, machine, query)));
    }

    private CompletableFuture<QueryResult> linearizable(String machine, Message message) {
        return within(client.async().sendReadOnly(message), settings.commandTimeout(),
                "linearizable query of machine '" + machine + "'")
                .thenApply(reply -> accept(machine, WireFormat.readQueryAnswer(content(reply))));
    }

    @Override
    public Subscription subscribe(String machine, String event, String key, Consumer<Notification> listener) {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(listener, "listener");
        long seen = highestSeen.get();
        // Everything after what this client has seen, so a command it ran before subscribing is not replayed
        // and one it runs after subscribing is delivered.
        Position start = seen > 0 ? Position.afterEntry(seen) : Position.NOW;
        PollingSubscription[] self = new PollingSubscription[1];
        self[0] = new PollingSubscription(client, new NotificationFilter(machine, event, key), start, listener,
                settings, scheduler, () -> subscriptions.remove(self[0]));
        subscriptions.add(self[0]);
        self[0].start();
        return self[0];
    }

    /** Ends every subscription of this client; does not close the {@link RaftClient}. */
    @Override
    public void close() {
        List.copyOf(subscriptions).forEach(Subscription::close);
        scheduler.shutdownNow();
    }

    private CompletableFuture<QueryResult> ask(String machine, Message message, List<RaftPeerId> servers, int next,
                                               long minIndex) {
        if (next == servers.size()) {
            // Every server was behind or unreachable: the leader's ReadIndex read is never behind.
            return linearizable(machine, message);
        }
        RaftPeerId server = servers.get(next);
        if (server.equals(client.getLeaderId())) {
            // The leader is asked with its ReadIndex read, never a stale read: the async client sends requests for
            // the leader and requests addressed to one server in two ordered windows, and when that server is the
            // leader it gets both on one stream and never answers the addressed one, which then blocks every later
            // request of the client (a group of one, where the leader is the only server, hung on its first query).
            return linearizable(machine, message);
        }
        return client.async().sendStaleRead(message, minIndex, server)
                .orTimeout(settings.serverTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((reply, error) -> {
                    if (error == null && reply.isSuccess()) {
                        WireFormat.QueryAnswer answer = WireFormat.readQueryAnswer(content(reply));
                        if (answer.status() == WireFormat.ERROR) {
                            return CompletableFuture.<QueryResult>failedFuture(new RaftOperationException(
                                    "query of machine '" + machine + "' failed: " + answer.error()));
                        }
                        if (answer.status() == WireFormat.OK && answer.index() >= minIndex) {
                            return CompletableFuture.completedFuture(accept(machine, answer));
                        }
                        countStale(server);
                    } else if (isStaleRead(error != null ? error : reply.getException())) {
                        countStale(server);
                    }
                    return ask(machine, message, servers, next + 1, minIndex);
                })
                .thenCompose(f -> f);
    }

    /** The preferred server, then the other followers, then the leader. */
    private List<RaftPeerId> candidates() {
        RaftPeerId leader = client.getLeaderId();
        List<RaftPeerId> order = new ArrayList<>();
        group.get().getPeers().stream().map(RaftPeer::getId).sorted(Comparator.comparing(RaftPeerId::toString))
                .filter(id -> !id.equals(leader)).forEach(order::add);
        RaftPeerId preferred = settings.preferredServer();
        if (preferred != null && order.remove(preferred)) {
            order.add(0, preferred);
        }
        if (leader != null) {
            order.add(leader);
        }
        return order;
    }

    private QueryResult accept(String machine, WireFormat.QueryAnswer answer) {
        if (answer.status() != WireFormat.OK) {
            throw new RaftOperationException("query of machine '" + machine + "' failed: " + answer.error());
        }
        see(answer.index());
        return new QueryResult(answer.payload(), answer.index());
    }

    private void see(long index) {
        highestSeen.accumulateAndGet(index, Math::max);
    }

    private void countStale(RaftPeerId server) {
        staleAnswers.computeIfAbsent(server, s -> new AtomicLong()).incrementAndGet();
    }

    private static boolean isStaleRead(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StaleReadException) {
                return true;
            }
        }
        return false;
    }

    /** Completes with the reply, or fails with a message naming the operation and what went wrong. */
    private CompletableFuture<RaftClientReply> within(CompletableFuture<RaftClientReply> request, Duration timeout,
                                                      String what) {
        return request.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((reply, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                throw new RaftOperationException(what + " got no reply within " + timeout + ": no leader was "
                        + "elected or a majority of the voters is unreachable (last known leader: "
                        + client.getLeaderId() + "); it may still be applied later");
            }
            if (cause != null) {
                throw new RaftOperationException(what + " failed: " + cause.getMessage(), cause);
            }
            if (!reply.isSuccess()) {
                throw new RaftOperationException(what + " failed: " + reply.getException().getMessage(),
                        reply.getException());
            }
            return reply;
        });
    }

    private static Message message(byte[] bytes) {
        return Message.valueOf(ByteString.copyFrom(bytes));
    }

    private static byte[] content(RaftClientReply reply) {
        return reply.getMessage().getContent().toByteArray();
    }
}
