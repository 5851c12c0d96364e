package io.memberlist.spring.discovery.reactive;

import io.memberlist.spring.discovery.MemberlistDiscoveryProperties;
import io.memberlist.spring.discovery.ServiceCatalog;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;

/** A {@link ReactiveDiscoveryClient} over the cluster's members; reads memory at subscription, never blocks. */
public class MemberlistReactiveDiscoveryClient implements ReactiveDiscoveryClient {
    private final ServiceCatalog catalog;
    private final MemberlistDiscoveryProperties properties;

    public MemberlistReactiveDiscoveryClient(ServiceCatalog catalog, MemberlistDiscoveryProperties properties) {
        this.catalog = catalog;
        this.properties = properties;
    }

    @Override
    public String description() {
        return "Memberlist Reactive Discovery Client";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return Flux.defer(() -> Flux.fromIterable(catalog.instances(serviceId)));
    }

    @Override
    public Flux<String> getServices() {
        return Flux.defer(() -> Flux.fromIterable(catalog.services()));
    }

    @Override
    public int getOrder() {
        return properties.getOrder();
    }
}
