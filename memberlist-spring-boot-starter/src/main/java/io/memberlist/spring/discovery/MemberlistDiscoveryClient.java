package io.memberlist.spring.discovery;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import java.util.ArrayList;
import java.util.List;

/** A {@link DiscoveryClient} over the cluster's members; every call reads memory, none does I/O. */
public class MemberlistDiscoveryClient implements DiscoveryClient {
    private final ServiceCatalog catalog;
    private final MemberlistDiscoveryProperties properties;

    public MemberlistDiscoveryClient(ServiceCatalog catalog, MemberlistDiscoveryProperties properties) {
        this.catalog = catalog;
        this.properties = properties;
    }

    @Override
    public String description() {
        return "Memberlist Discovery Client";
    }

    @Override
    public List<ServiceInstance> getInstances(String serviceId) {
        return new ArrayList<>(catalog.instances(serviceId));
    }

    @Override
    public List<String> getServices() {
        return catalog.services();
    }

    @Override
    public int getOrder() {
        return properties.getOrder();
    }
}
