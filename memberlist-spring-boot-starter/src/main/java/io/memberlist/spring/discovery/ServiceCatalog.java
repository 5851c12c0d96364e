package io.memberlist.spring.discovery;

import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.spring.event.MembershipEventBridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service instances of the cluster as this node currently sees them, read from the engine's lock-free
 * member snapshot on every call (so a member that left or died disappears the moment this node knows).
 * Decoded meta is cached per member until the member changes. Thread-safe.
 *
 * <p>Filters: ALIVE members (plus SUSPECT with {@code include-suspect}) whose status is UP (plus
 * OUT_OF_SERVICE with {@code include-out-of-service}). Service ids compare case-insensitively.
 */
public class ServiceCatalog {
    private final Memberlist memberlist;
    private final MembershipEventBridge events;
    private final MemberlistDiscoveryProperties properties;
    private final Map<String, MemberlistServiceInstance> decoded = new ConcurrentHashMap<>();

    public ServiceCatalog(Memberlist memberlist, MembershipEventBridge events, MemberlistDiscoveryProperties properties) {
        this.memberlist = memberlist;
        this.events = events;
        this.properties = properties;
    }

    /** Instances of {@code serviceId} that pass the filters. */
    public List<MemberlistServiceInstance> instances(String serviceId) {
        List<MemberlistServiceInstance> out = new ArrayList<>();
        for (Node node : memberlist.members()) {
            instance(node).filter(i -> i.getServiceId().equalsIgnoreCase(serviceId) && accepts(i)).ifPresent(out::add);
        }
        return out;
    }

    /** Service ids with at least one instance that passes the filters, sorted. */
    public List<String> services() {
        TreeSet<String> ids = new TreeSet<>();
        for (Node node : memberlist.members()) {
            instance(node).filter(this::accepts).ifPresent(i -> ids.add(i.getServiceId().toLowerCase(Locale.ROOT)));
        }
        return new ArrayList<>(ids);
    }

    /** The service instance a member advertises, whatever its state or status; empty if it has none. */
    public Optional<MemberlistServiceInstance> instance(Node node) {
        MemberlistServiceInstance cached = decoded.get(node.name());
        if (cached != null && cached.getNode().equals(node)) {
            return Optional.of(cached);
        }
        Optional<MemberlistServiceInstance> fresh = InstanceMeta.decode(node.meta())
                .map(meta -> new MemberlistServiceInstance(node, meta));
        if (decoded.size() > 4 * memberlist.numMembers() + 64) {
            decoded.clear(); // forget members long gone
        }
        fresh.ifPresentOrElse(i -> decoded.put(node.name(), i), () -> decoded.remove(node.name()));
        return fresh;
    }

    /** Runs {@code listener} after each membership change (join, leave, update), off the network thread. */
    public void addChangeListener(Runnable listener) {
        events.addChangeListener(listener);
    }

    public void removeChangeListener(Runnable listener) {
        events.removeChangeListener(listener);
    }

    private boolean accepts(MemberlistServiceInstance i) {
        NodeState state = i.getNode().state();
        boolean stateOk = state == NodeState.ALIVE || (state == NodeState.SUSPECT && properties.isIncludeSuspect());
        String status = i.getStatus();
        boolean statusOk = "UP".equals(status)
                || ("OUT_OF_SERVICE".equals(status) && properties.isIncludeOutOfService());
        return stateOk && statusOk && i.getPort() > 0;
    }
}
