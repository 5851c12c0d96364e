package io.memberlist.spring.serviceregistry;

import io.memberlist.spring.discovery.InstanceMeta;
import org.springframework.cloud.client.serviceregistry.Registration;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** This application as a service instance: the node name is the instance id; the meta is what it advertises. */
public class MemberlistRegistration implements Registration {
    private final String instanceId;
    private final AtomicReference<InstanceMeta> meta;

    public MemberlistRegistration(String instanceId, InstanceMeta meta) {
        this.instanceId = instanceId;
        this.meta = new AtomicReference<>(meta);
    }

    /** What this instance advertises now. */
    public InstanceMeta getMeta() {
        return meta.get();
    }

    void setPort(int port) {
        meta.updateAndGet(m -> m.withPort(port));
    }

    void setStatus(String status) {
        meta.updateAndGet(m -> m.withStatus(status));
    }

    /** UP, DOWN, OUT_OF_SERVICE, STARTING or UNKNOWN. */
    public String getStatus() {
        return meta.get().status();
    }

    @Override
    public String getInstanceId() {
        return instanceId;
    }

    @Override
    public String getServiceId() {
        return meta.get().serviceId();
    }

    @Override
    public String getHost() {
        return meta.get().host();
    }

    @Override
    public int getPort() {
        return meta.get().port();
    }

    @Override
    public boolean isSecure() {
        return meta.get().secure();
    }

    @Override
    public URI getUri() {
        return URI.create(getScheme() + "://" + getHost() + ":" + getPort());
    }

    @Override
    public String getScheme() {
        return isSecure() ? "https" : "http";
    }

    @Override
    public Map<String, String> getMetadata() {
        InstanceMeta m = meta.get();
        Map<String, String> out = new LinkedHashMap<>(m.metadata());
        if (m.zone() != null) {
            out.put("zone", m.zone());
        }
        out.put("status", m.status());
        return out;
    }

    @Override
    public String toString() {
        return "MemberlistRegistration[" + instanceId + " " + meta.get() + "]";
    }
}
