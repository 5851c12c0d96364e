/**
 * The Netty adapters of the two planes: thin handlers around the pure {@link io.memberlist.transport.Framing}.
 * All channels of one node live on one event loop of a JVM-wide shared group ({@link
 * io.memberlist.transport.netty.EventLoops}). {@code InboundStreams} bounds what other
 * nodes' streams may hold: slots, time, bytes.
 */
package io.memberlist.transport.netty;
