package io.memberlist.spring.loadbalancer;

import io.memberlist.spring.discovery.ServiceCatalog;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.List;

/**
 * The instances of one service, straight from the {@link ServiceCatalog}: the current list on
 * subscription, then a new list after every membership change. Load balancers take the first list per
 * request, so each request sees the membership this node knows at that moment.
 */
public class MemberlistServiceInstanceListSupplier implements ServiceInstanceListSupplier {
    private final String serviceId;
    private final ServiceCatalog catalog;

    public MemberlistServiceInstanceListSupplier(String serviceId, ServiceCatalog catalog) {
        this.serviceId = serviceId;
        this.catalog = catalog;
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.create(sink -> {
            Runnable push = () -> sink.next(current());
            catalog.addChangeListener(push);
            sink.onDispose(() -> catalog.removeChangeListener(push));
            sink.next(current());
        });
    }

    private List<ServiceInstance> current() {
        return new ArrayList<>(catalog.instances(serviceId));
    }
}
