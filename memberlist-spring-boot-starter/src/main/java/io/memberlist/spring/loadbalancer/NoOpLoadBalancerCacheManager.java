package io.memberlist.spring.loadbalancer;

import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.cloud.loadbalancer.cache.LoadBalancerCacheManager;

/**
 * The load-balancer "cache" while {@code spring.cloud.loadbalancer.cache.enabled=false}: every lookup misses,
 * so Spring Cloud's {@code CachingServiceInstanceListSupplier} asks the live discovery client on every
 * request. Present so that {@code withCaching()}, which each of Spring Cloud's configurations calls, finds a
 * cache manager instead of logging "LoadBalancerCacheManager not available" for every client.
 */
public class NoOpLoadBalancerCacheManager extends NoOpCacheManager implements LoadBalancerCacheManager {
}
