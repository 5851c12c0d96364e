/**
 * The Netty adapters of the two planes: thin handlers around the pure {@link io.memberlist.transport.Framing}.
 * A node's datagram socket lives on its protocol loop, its TCP streams on a stream loop, each one of a
 * JVM-wide shared group ({@link io.memberlist.transport.netty.EventLoops}). {@code InboundStreams} bounds what other
 * nodes' streams may hold: slots, time, bytes.
 */
package io.memberlist.transport.netty;
