package io.memberlist.spring.discovery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How this application appears to, and sees, the rest of the cluster as Spring Cloud service instances
 * ({@code memberlist.discovery.*}). Everything here travels in the node meta, which memberlist limits to
 * 512 bytes in total.
 */
@Validated
@ConfigurationProperties(MemberlistDiscoveryProperties.PREFIX)
public class MemberlistDiscoveryProperties implements Validator {
    /** Property prefix. */
    public static final String PREFIX = "memberlist.discovery";
    /** Metadata keys the starter writes itself. */
    static final Set<String> RESERVED_KEYS = Set.of("zone", "status");

    /** Whether the cluster is used for Spring Cloud discovery and registration. */
    private boolean enabled = true;
    /** Service id this application registers under; defaults to spring.application.name, lower-cased. */
    private String serviceId;
    /** Order of this client among the DiscoveryClients of the composite client. */
    private int order = DiscoveryClient.DEFAULT_ORDER;
    /** Host name to advertise to clients instead of the IP address. */
    private String hostname;
    /** IP address to advertise to clients; defaults to the memberlist node's advertise address. */
    private String ipAddress;
    /** Whether to advertise the IP address rather than the host name. */
    private boolean preferIpAddress = true;
    /** Port to advertise; defaults to the web server's actual port (also with server.port=0). */
    private Integer port;
    /** Whether clients must call this instance over https. */
    private boolean secure;
    /**
     * Whether this application registers itself as an instance (Consul's register); false: it discovers others
     * but is never routed to, like spring.cloud.service-registry.auto-registration.enabled=false.
     */
    private boolean register = true;
    /** Zone of this instance, for Spring Cloud LoadBalancer's zone preference (metadata key 'zone'). */
    private String zone;
    /** Metadata of this instance (e.g. weight, hint, API_VERSION); counts against the 512-byte node meta. */
    private Map<String, String> metadata = new LinkedHashMap<>();
    /** Whether SUSPECT members (failing probes, not yet declared dead) are returned as instances. */
    private boolean includeSuspect;
    /** Whether instances with status OUT_OF_SERVICE (draining) are returned. */
    private boolean includeOutOfService;
    /** Advertising the application's health as this instance's status. */
    private final HealthPropagation healthPropagation = new HealthPropagation();

    /** The application's aggregate health, mapped to the advertised status instead of leaving the cluster. */
    public static class HealthPropagation {
        /** Whether to advertise DOWN / OUT_OF_SERVICE / UP following the application's health. */
        private boolean enabled;
        /** Health group whose status to advertise (e.g. readiness); unset: the overall health. */
        private String group;
        /** Time between two health checks. */
        private Duration interval = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    @Override
    public boolean supports(Class<?> type) {
        return MemberlistDiscoveryProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        MemberlistDiscoveryProperties p = (MemberlistDiscoveryProperties) target;
        p.metadata.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                errors.rejectValue("metadata", "memberlist.metadata", "metadata keys must not be empty");
            } else if (RESERVED_KEYS.contains(key)) {
                errors.rejectValue("metadata", "memberlist.metadata", "metadata key '" + key
                        + "' is written by the starter: use memberlist.discovery." + key
                        + (key.equals("status") ? " (or the service registry)" : "") + " instead");
            }
        });
        Duration interval = p.healthPropagation.interval;
        if (interval == null || interval.isNegative() || interval.isZero()) {
            errors.rejectValue("healthPropagation.interval", "memberlist.positive",
                    "must be a positive duration, e.g. 10s");
        }
        if (p.port != null && (p.port < 1 || p.port > 65_535)) {
            errors.rejectValue("port", "memberlist.port", "must be within 1..65535, or unset to use the web port");
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getServiceId() {
        return serviceId;
    }

    public void setServiceId(String serviceId) {
        this.serviceId = serviceId;
    }

    public int getOrder() {
        return order;
    }

    public void setOrder(int order) {
        this.order = order;
    }

    public String getHostname() {
        return hostname;
    }

    public void setHostname(String hostname) {
        this.hostname = hostname;
    }

    public String getIpAddress() {
        return ipAddress;
    }

    public void setIpAddress(String ipAddress) {
        this.ipAddress = ipAddress;
    }

    public boolean isPreferIpAddress() {
        return preferIpAddress;
    }

    public void setPreferIpAddress(boolean preferIpAddress) {
        this.preferIpAddress = preferIpAddress;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public boolean isSecure() {
        return secure;
    }

    public boolean isRegister() {
        return register;
    }

    public void setRegister(boolean register) {
        this.register = register;
    }

    public void setSecure(boolean secure) {
        this.secure = secure;
    }

    public String getZone() {
        return zone;
    }

    public void setZone(String zone) {
        this.zone = zone;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }

    public void setMetadata(Map<String, String> metadata) {
        this.metadata = metadata;
    }

    public boolean isIncludeSuspect() {
        return includeSuspect;
    }

    public void setIncludeSuspect(boolean includeSuspect) {
        this.includeSuspect = includeSuspect;
    }

    public HealthPropagation getHealthPropagation() {
        return healthPropagation;
    }

    public boolean isIncludeOutOfService() {
        return includeOutOfService;
    }

    public void setIncludeOutOfService(boolean includeOutOfService) {
        this.includeOutOfService = includeOutOfService;
    }
}
