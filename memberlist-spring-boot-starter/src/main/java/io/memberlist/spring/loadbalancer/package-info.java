/**
 * Spring Cloud LoadBalancer on the live member table. Spring Cloud's own supplier chains stay in charge (every
 * value of {@code spring.cloud.loadbalancer.configurations}: default, zone-preference, health-check,
 * request-based-sticky-session, same-instance-preference, weighted, subset, api-version, and any later one);
 * their discovery-client base reads the memberlist {@code DiscoveryClient}, which needs no TTL cache, so the
 * cache is off by default and a left or dead instance stops receiving traffic as soon as this node knows.
 *
 * <p>Depends on {@code discovery}; configured only when spring-cloud-loadbalancer is present.
 */
package io.memberlist.spring.loadbalancer;
