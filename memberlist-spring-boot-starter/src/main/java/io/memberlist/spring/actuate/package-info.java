/**
 * Operations: the {@code memberlist} health indicator, the {@code /actuator/memberlist} endpoint (members,
 * effective configuration, expected failure-detection time) and Micrometer metrics named after HashiCorp
 * memberlist's telemetry ({@code memberlist.*}, tagged the same across restarts), and the opt-in
 * {@code /actuator/memberlistkeyring} for live gossip key rotation. Each is configured only when its Boot
 * module is present.
 *
 * <p>Depends on the core, {@code autoconfigure}, {@code event} and {@code discovery} (to decode meta).
 */
package io.memberlist.spring.actuate;
