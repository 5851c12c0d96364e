package io.memberlist.spring.serviceregistry;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.spring.autoconfigure.MemberlistConfigurationException;
import io.memberlist.spring.autoconfigure.MemberlistLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Registers this application by advertising its {@link MemberlistRegistration} in the node meta. Every
 * change (register, status, deregister) is a meta update the engine gossips to the cluster; peers see a
 * {@code MemberUpdatedEvent} and their discovery clients apply the new status at once.
 */
public class MemberlistServiceRegistry implements ServiceRegistry<MemberlistRegistration> {
    private static final Logger log = LoggerFactory.getLogger(MemberlistServiceRegistry.class);
    /** The statuses Spring Cloud's service-registry endpoint may set. */
    static final Set<String> STATUSES = Set.of("UP", "DOWN", "OUT_OF_SERVICE", "STARTING", "UNKNOWN");

    private final Memberlist memberlist;
    private final MemberlistLifecycle lifecycle;
    private volatile boolean closed;

    public MemberlistServiceRegistry(Memberlist memberlist, MemberlistLifecycle lifecycle) {
        this.memberlist = memberlist;
        this.lifecycle = lifecycle;
    }

    @Override
    public void register(MemberlistRegistration registration) {
        registration.setStatus("UP");
        log.info("memberlist: registering {} as {} at {}", registration.getInstanceId(),
                registration.getServiceId(), registration.getUri());
        advertise(registration);
    }

    /** Stops advertising the service: the node stays a cluster member but is no longer an instance. */
    @Override
    public void deregister(MemberlistRegistration registration) {
        if (closed || !lifecycle.isRunning()) {
            return; // the node has left already
        }
        registration.setStatus("DOWN");
        advertise(registration);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void setStatus(MemberlistRegistration registration, String status) {
        String s = status == null ? "" : status.trim().toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(s)) {
            throw new IllegalArgumentException("unknown status '" + status + "': use one of " + STATUSES);
        }
        registration.setStatus(s);
        advertise(registration);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getStatus(MemberlistRegistration registration) {
        return (T) registration.getStatus();
    }

    /** Gossips the registration's current meta; the future completes once it has been sent around. */
    public CompletableFuture<Void> advertise(MemberlistRegistration registration) {
        byte[] meta = registration.getMeta().encode();
        if (meta.length > Config.META_MAX_SIZE) {
            throw tooLarge(registration.getInstanceId(), meta.length);
        }
        if (closed || !lifecycle.isRunning()) {
            return CompletableFuture.completedFuture(null);
        }
        return memberlist.updateMetaAsync(meta);
    }

    static MemberlistConfigurationException tooLarge(String node, int size) {
        return new MemberlistConfigurationException("the node meta of " + node + " would be " + size
                + " bytes, more than memberlist's limit of " + Config.META_MAX_SIZE + " bytes",
                "Shorten or remove entries of memberlist.discovery.metadata (the service id, host and zone count"
                        + " too); keep bulky data out of discovery metadata.");
    }
}
