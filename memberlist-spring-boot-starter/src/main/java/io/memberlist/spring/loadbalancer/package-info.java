/**
 * Spring Cloud LoadBalancer on the live member table: a {@code ServiceInstanceListSupplier} that emits the
 * current instances on subscription and again on every membership change, with no TTL cache, so a left
 * or dead instance stops receiving traffic as soon as this node knows. Spring Cloud's
 * {@code spring.cloud.loadbalancer.configurations} ({@code zone-preference}, {@code weighted}, {@code hints},
 * {@code same-instance-preference}) still apply on top of it.
 *
 * <p>Depends on {@code discovery}; configured only when spring-cloud-loadbalancer is present.
 */
package io.memberlist.spring.loadbalancer;
