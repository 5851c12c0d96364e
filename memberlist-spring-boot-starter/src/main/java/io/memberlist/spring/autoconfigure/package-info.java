/**
 * The engine: {@code memberlist.*} properties mapped onto the core {@code Config} in one method, the
 * {@code Memberlist} bean, its lifecycle (join on start; OUT_OF_SERVICE, leave and shutdown on stop), the
 * {@code memberlist.enabled} switch, the failure analyzer that explains bad settings, and the two SPIs
 * {@code MemberlistConfigCustomizer} and {@code SeedProvider} (implemented in {@code join}).
 *
 * <p>Depends on the core and on {@code event}; the other starter packages depend on this one, never the
 * other way round.
 */
package io.memberlist.spring.autoconfigure;
