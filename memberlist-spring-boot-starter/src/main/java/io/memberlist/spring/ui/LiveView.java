package io.memberlist.spring.ui;

import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.spring.actuate.MemberlistEndpoint;
import io.memberlist.spring.event.MembershipEventBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What the live view pushes to open pages: a {@code snapshot} when a page connects, then a {@code member} or
 * {@code removed} message for each row that changed, a {@code timeline} entry for each transition, and a
 * {@code tick} every second with traffic rates, the health score and round trip times.
 *
 * <p>Threading: everything runs on the view's own single thread ({@code memberlist-ui}), never on the
 * engine's loop or its callback thread. A change is noticed by the event bridge's change listener (joins,
 * departures, updates) or, for what the bridge does not report (suspicion, refutation), by comparing the
 * engine's member snapshot reference every {@link #CHECK_MILLIS} ms, which costs one volatile read; either
 * way it reaches open pages well within a second.
 */
public final class LiveView implements AutoCloseable {
    /** How often the member snapshot reference is compared. */
    static final long CHECK_MILLIS = 100;
    /** Open streams at most; more are refused (503) so forgotten tabs cannot pile up. */
    static final int MAX_SUBSCRIBERS = 32;
    private static final Logger log = LoggerFactory.getLogger(LiveView.class);

    /** An open page. {@code send} may block while the socket is full; a failure closes the stream. */
    public interface Subscriber {
        void send(String event, String json) throws IOException;

        void close();
    }

    /** A member row: the endpoint's JSON form, since when (epoch ms) it is in its state, last RTT in ms. */
    public record Row(MemberlistEndpoint.Member member, long since, Double rttMillis) {
    }

    /** One transition, for the timeline. */
    public record TimelineEntry(long at, String kind, String name, NodeState state, long incarnation) {
    }

    /** Everything a page needs to draw itself from scratch. */
    public record Snapshot(long serverTime, String localNode, int clusterSize, long membershipVersion,
                           int healthScore, Map<NodeState, Integer> counts, List<Row> members,
                           List<TimelineEntry> timeline, List<TrafficSampler.Sample> traffic,
                           MemberlistEndpoint.FailureDetection failureDetection) {
    }

    /** The once-a-second update. */
    public record Tick(long serverTime, int clusterSize, long membershipVersion, int healthScore,
                       Map<NodeState, Integer> counts, TrafficSampler.Sample traffic, Map<String, Double> rtt) {
    }

    /** A row changed. */
    public record MemberChanged(Row row, long membershipVersion, Map<NodeState, Integer> counts) {
    }

    /** A row dropped out of the view (a departed member past its retention). */
    public record MemberRemoved(String name) {
    }

    private final Memberlist memberlist;
    private final MembershipEventBridge bridge;
    private final MemberlistEndpoint endpoint;
    private final RoundTripTimes rtts;
    private final Function<Object, String> json;
    private final int timelineSize;
    private final ScheduledExecutorService executor;
    private final MemberTracker tracker = new MemberTracker();
    private final TrafficSampler traffic = new TrafficSampler();
    private final ArrayDeque<TimelineEntry> timeline = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final AtomicInteger slots = new AtomicInteger(MAX_SUBSCRIBERS);
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final Runnable changeListener = () -> dirty.set(true);
    private List<Node> lastMembers;

    LiveView(Memberlist memberlist, MembershipEventBridge bridge, MemberlistEndpoint endpoint, RoundTripTimes rtts,
             Function<Object, String> json, int timelineSize) {
        this.memberlist = memberlist;
        this.bridge = bridge;
        this.endpoint = endpoint;
        this.rtts = rtts;
        this.json = json;
        this.timelineSize = timelineSize;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memberlist-ui");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts following the cluster; called once the bean is built. */
    void start() {
        bridge.addChangeListener(changeListener);
        executor.scheduleWithFixedDelay(guarded(this::refreshIfChanged), 0, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        executor.scheduleAtFixedRate(guarded(this::tick), 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Opens a stream for {@code subscriber}: it gets a snapshot first, then every change. False when
     * {@link #MAX_SUBSCRIBERS} streams are open already.
     */
    public boolean subscribe(Subscriber subscriber) {
        if (slots.getAndDecrement() <= 0) {
            slots.incrementAndGet();
            return false;
        }
        try {
            executor.execute(() -> {
                refresh();
                subscribers.add(subscriber);
                deliver(subscriber, "snapshot", json.apply(snapshot()));
            });
        } catch (RejectedExecutionException e) {
            slots.incrementAndGet();
            subscriber.close();
        }
        return true;
    }

    /** Forgets {@code subscriber} (its page went away). */
    public void unsubscribe(Subscriber subscriber) {
        try {
            executor.execute(() -> drop(subscriber));
        } catch (RejectedExecutionException e) {
            // closed: every subscriber was dropped already
        }
    }

    /** The current picture (on the view's thread it is exact; elsewhere use it for tests only). */
    Snapshot snapshot() {
        List<Row> rows = new ArrayList<>();
        tracker.current().forEach(s -> rows.add(row(s)));
        List<TimelineEntry> newestFirst = new ArrayList<>(timeline);
        java.util.Collections.reverse(newestFirst);
        MemberlistEndpoint.Report report = endpoint.memberlist();
        return new Snapshot(System.currentTimeMillis(), memberlist.localNode().name(), memberlist.numMembers(),
                bridge.membershipVersion(), memberlist.healthScore(), counts(), rows, newestFirst,
                traffic.history(), report.failureDetection());
    }

    private void refreshIfChanged() {
        boolean flagged = dirty.getAndSet(false);
        if (flagged || memberlist.members() != lastMembers) {
            refresh();
        }
    }

    /** Reads the engine's members and the bridge's departed ones (departed wins on a name in both). */
    private void refresh() {
        List<Node> members = memberlist.members();
        lastMembers = members;
        List<Node> view = new ArrayList<>(members);
        bridge.departed().forEach(d -> view.add(d.node()));
        long now = System.currentTimeMillis();
        for (MemberTracker.Change c : tracker.update(view, now)) {
            if (c.now() == null) {
                broadcast("removed", new MemberRemoved(c.name()));
                continue;
            }
            broadcast("member", new MemberChanged(row(c.now()), bridge.membershipVersion(), counts()));
            if (c.kind() != null) {
                Node n = c.now().node();
                TimelineEntry e = new TimelineEntry(now, c.kind().label(), n.name(), n.state(),
                        n.incarnation());
                timeline.addLast(e);
                if (timeline.size() > timelineSize) {
                    timeline.removeFirst();
                }
                broadcast("timeline", e);
            }
        }
        rtts.retainOnly(tracker.names());
    }

    private void tick() {
        refresh();
        TrafficSampler.Sample sample = traffic.sample(memberlist.stats(), System.nanoTime(),
                System.currentTimeMillis());
        Map<String, Double> rtt = new LinkedHashMap<>();
        for (String name : tracker.names()) {
            Double ms = rtts.lastMillis(name);
            if (ms != null) {
                rtt.put(name, ms);
            }
        }
        broadcast("tick", new Tick(System.currentTimeMillis(), memberlist.numMembers(), bridge.membershipVersion(),
                memberlist.healthScore(), counts(), sample, rtt));
    }

    private Row row(MemberTracker.Seen s) {
        return new Row(MemberlistEndpoint.member(s.node()), s.sinceMillis(), rtts.lastMillis(s.node().name()));
    }

    private Map<NodeState, Integer> counts() {
        Map<NodeState, Integer> counts = new EnumMap<>(NodeState.class);
        for (NodeState s : NodeState.values()) {
            counts.put(s, 0);
        }
        tracker.current().forEach(s -> counts.merge(s.node().state(), 1, Integer::sum));
        return counts;
    }

    private void broadcast(String event, Object message) {
        if (subscribers.isEmpty()) {
            return;
        }
        String body = json.apply(message);
        for (Subscriber s : List.copyOf(subscribers)) {
            deliver(s, event, body);
        }
    }

    private void deliver(Subscriber s, String event, String body) {
        try {
            s.send(event, body);
        } catch (IOException | RuntimeException e) {
            log.debug("live view stream closed: {}", e.toString());
            drop(s);
            s.close();
        }
    }

    private void drop(Subscriber s) {
        if (subscribers.remove(s)) {
            slots.incrementAndGet();
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("memberlist live view update failed; it retries on the next tick", e);
            }
        };
    }

    /** Stops following the cluster and ends every open stream. */
    @Override
    public void close() {
        bridge.removeChangeListener(changeListener);
        executor.shutdownNow();
        List.copyOf(subscribers).forEach(Subscriber::close);
    }
}
