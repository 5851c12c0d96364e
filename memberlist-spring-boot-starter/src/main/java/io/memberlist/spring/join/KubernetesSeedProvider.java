package io.memberlist.spring.join;

import io.memberlist.spring.autoconfigure.SeedProvider;

import java.util.List;

/**
 * On Kubernetes, when {@code memberlist.join.seeds} is empty: the headless Service
 * {@code <service>.<namespace>.svc:<port>}, whose A records are the pods behind it. The Service must set
 * {@code clusterIP: None} and {@code publishNotReadyAddresses: true} (pods must find each other before
 * they are ready). Explicit seeds, when configured, win.
 */
public class KubernetesSeedProvider implements SeedProvider {
    private final List<String> configured;
    private final String serviceSeed;

    /**
     * @param configured {@code memberlist.join.seeds}; used instead when not empty
     * @param service    the headless Service's name
     * @param namespace  its namespace
     * @param port       the memberlist port of the pods
     */
    public KubernetesSeedProvider(List<String> configured, String service, String namespace, int port) {
        this.configured = List.copyOf(configured);
        this.serviceSeed = service + "." + namespace + ".svc:" + port;
    }

    @Override
    public List<String> seeds() {
        return configured.isEmpty() ? List.of(serviceSeed) : configured;
    }

    @Override
    public String toString() {
        return "KubernetesSeedProvider" + seeds();
    }
}
