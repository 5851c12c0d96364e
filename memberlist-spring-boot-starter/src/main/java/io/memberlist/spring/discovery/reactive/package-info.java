/**
 * The {@code ReactiveDiscoveryClient} over the same {@link io.memberlist.spring.discovery.ServiceCatalog};
 * the only package that touches Reactor, configured only when Reactor and WebFlux's WebClient are present.
 */
package io.memberlist.spring.discovery.reactive;
