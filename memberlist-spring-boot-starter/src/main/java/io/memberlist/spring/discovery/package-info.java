/**
 * The Spring Cloud view of the cluster: a service instance is a cluster member whose node meta (an
 * {@link io.memberlist.spring.discovery.InstanceMeta}, at most 512 bytes) names its service, host, port,
 * scheme, zone and status. {@link io.memberlist.spring.discovery.ServiceCatalog} reads the engine's member
 * snapshot (no I/O, no cache to expire) and {@link io.memberlist.spring.discovery.MemberlistDiscoveryClient}
 * exposes it. By default only ALIVE members with status UP are instances.
 *
 * <p>Depends on the core and on {@code event} (change notifications); never on Reactor, which lives in
 * {@code discovery.reactive}.
 */
package io.memberlist.spring.discovery;
