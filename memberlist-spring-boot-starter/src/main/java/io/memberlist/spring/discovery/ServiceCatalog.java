package io.memberlist.spring.discovery;

import io.memberlist.Memberlist;
import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.spring.event.MembershipEventBridge;
import org.springframework.util.ConcurrentReferenceHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The service instances of the cluster as this node currently sees them, read from the engine's lock-free
 * member snapshot on every call (so a member that left or died disappears the moment this node knows).
 * Decoded meta is cached per member snapshot ({@link Node} is immutable), so it is decoded again only when
 * the member changes. Thread-safe.
 *
 * <p>Filters: ALIVE members (plus SUSPECT with {@code include-suspect}) whose status is UP (plus
 * OUT_OF_SERVICE with {@code include-out-of-service}). Service ids compare case-insensitively.
 */
public class ServiceCatalog {
    private final Memberlist memberlist;
    private final MembershipEventBridge events;
    private final MemberlistDiscoveryProperties properties;
    /** Decoded meta per member snapshot; soft references, so snapshots long replaced go with memory pressure. */
    private final Map<Node, Optional<MemberlistServiceInstance>> decoded = new ConcurrentReferenceHashMap<>();

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
        return decoded.computeIfAbsent(node,
                n -> InstanceMeta.decode(n.meta()).map(meta -> new MemberlistServiceInstance(n, meta)));
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
