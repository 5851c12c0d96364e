package io.memberlist.spring.discovery;

import io.memberlist.Node;
import org.springframework.cloud.client.ServiceInstance;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cluster member seen as a service instance. The instance id is the node name; the host defaults to the
 * member's gossip IP; metadata holds the user's entries plus {@code zone} (when set) and {@code status}.
 */
public final class MemberlistServiceInstance implements ServiceInstance {
    private final Node node;
    private final InstanceMeta meta;
    private final String host;
    private final Map<String, String> metadata;

    public MemberlistServiceInstance(Node node, InstanceMeta meta) {
        this.node = node;
        this.meta = meta;
        this.host = meta.host() != null ? meta.host() : node.address().inetAddress().getHostAddress();
        Map<String, String> m = new LinkedHashMap<>(meta.metadata());
        if (meta.zone() != null) {
            m.put("zone", meta.zone());
        }
        m.put("status", meta.status());
        this.metadata = java.util.Collections.unmodifiableMap(m);
    }

    /** The member this instance runs on, as last seen. */
    public Node getNode() {
        return node;
    }

    /** UP, DOWN, OUT_OF_SERVICE, STARTING or UNKNOWN. */
    public String getStatus() {
        return meta.status();
    }

    @Override
    public String getInstanceId() {
        return node.name();
    }

    @Override
    public String getServiceId() {
        return meta.serviceId();
    }

    @Override
    public String getHost() {
        return host;
    }

    @Override
    public int getPort() {
        return meta.port();
    }

    @Override
    public boolean isSecure() {
        return meta.secure();
    }

    @Override
    public URI getUri() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create(getScheme() + "://" + h + ":" + getPort());
    }

    @Override
    public String getScheme() {
        return meta.secure() ? "https" : "http";
    }

    @Override
    public Map<String, String> getMetadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return "MemberlistServiceInstance[" + node.name() + " " + getServiceId() + " " + getUri() + " "
                + getStatus() + "]";
    }
}
