/**
 * Memberlist's two planes: UDP packets and TCP streams ({@link io.memberlist.transport.Transport}), and
 * the {@link io.memberlist.transport.Framing} layers that turn messages into their bytes (compound,
 * compression, CRC, encryption, label) — each layer present or absent by configuration.
 *
 * <p>Dependency rule: JDK, {@code wire} and {@code security}; Netty only in {@code transport.netty}.
 */
package io.memberlist.transport;
