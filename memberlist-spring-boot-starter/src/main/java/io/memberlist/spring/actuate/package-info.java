/**
 * Operations: the {@code memberlist} health indicator, the {@code /actuator/memberlist} endpoint (members,
 * effective configuration, expected failure-detection time) and Micrometer metrics named after HashiCorp
 * memberlist's telemetry ({@code memberlist.*}). Each is configured only when its Boot module is present.
 *
 * <p>Depends on the core, {@code autoconfigure}, {@code event} and {@code discovery} (to decode meta).
 */
package io.memberlist.spring.actuate;
