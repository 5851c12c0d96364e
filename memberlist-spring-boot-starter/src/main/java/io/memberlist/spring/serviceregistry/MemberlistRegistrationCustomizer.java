package io.memberlist.spring.serviceregistry;

import io.memberlist.spring.discovery.InstanceMeta;

/**
 * Adjusts what this instance advertises before it is registered, for values known only at runtime (a build
 * id, a computed weight): e.g. {@code meta -> meta.withMetadata(Map.of("build", buildId))}. Beans of this type
 * are applied in {@link org.springframework.core.Ordered order}; the result is checked against memberlist's
 * 512-byte meta limit at startup. The status is the registry's to set and is overwritten on registration.
 */
@FunctionalInterface
public interface MemberlistRegistrationCustomizer {

    InstanceMeta customize(InstanceMeta meta);
}
