package io.memberlist.spring.serviceregistry;

import io.memberlist.spring.autoconfigure.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;

/**
 * Advertises the application's health as this instance's status, so peers stop routing to an unhealthy
 * instance while it stays a cluster member (and keeps gossiping, and comes back when healthy). Every
 * {@code memberlist.discovery.health-propagation.interval} it reads the overall health, or the group's
 * ({@code .group}), and maps DOWN to DOWN, OUT_OF_SERVICE to OUT_OF_SERVICE and anything else (UP, UNKNOWN,
 * custom codes such as DEGRADED) to UP; an unchanged status is not gossiped again.
 *
 * <p>It only moves the status away from UP or from the value it set last: a status set by someone else
 * (OUT_OF_SERVICE through {@code /actuator/serviceregistry}, the shutdown sequence, STARTING before
 * registration) wins until it is set back to UP. Starts last and stops first (before the node leaves).
 */
public class HealthStatusPropagation extends PeriodicTask {
    private static final Logger log = LoggerFactory.getLogger(HealthStatusPropagation.class);

    private final HealthEndpoint health;
    private final String group;
    private final MemberlistServiceRegistry registry;
    private final MemberlistRegistration registration;
    private volatile String lastApplied = "UP";

    /**
     * @param group health group to read, or null for the overall health
     */
    public HealthStatusPropagation(HealthEndpoint health, String group, Duration interval, TaskScheduler scheduler,
                                   MemberlistServiceRegistry registry, MemberlistRegistration registration) {
        super(scheduler, "memberlist health propagation", interval);
        this.health = health;
        this.group = group == null || group.isBlank() ? null : group.trim();
        this.registry = registry;
        this.registration = registration;
    }

    /** The advertised status for a health status code. */
    static String statusFor(String healthCode) {
        return switch (healthCode) {
            case "DOWN", "OUT_OF_SERVICE" -> healthCode;
            default -> "UP";
        };
    }

    /** Reads the health once and advertises the matching status if it changed; returns the status advertised. */
    public String propagate() {
        String current = registration.getStatus();
        if (!current.equals("UP") && !current.equals(lastApplied)) {
            return current; // someone else owns the status now
        }
        HealthDescriptor descriptor = group == null ? health.health() : health.healthForPath(group);
        if (descriptor == null) {
            log.warn("memberlist: health group '{}' not found; check memberlist.discovery.health-propagation.group",
                    group);
            return current;
        }
        String wanted = statusFor(descriptor.getStatus().getCode());
        lastApplied = wanted;
        if (!wanted.equals(current)) {
            log.info("memberlist: application health is {}, advertising status {}", descriptor.getStatus(), wanted);
            registry.setStatus(registration, wanted);
        }
        return wanted;
    }

    @Override
    protected void runOnce() {
        propagate();
    }

}
