/**
 * The memberlist wire: message records with Go's field meanings, their exact sizes, and the Go-compatible
 * codec and framings (memberlist-protocol.md §1, §2, §4, §10).
 *
 * <p>Glossary: a <em>message</em> is one type byte plus one msgpack map (a user message on UDP: type byte
 * plus raw bytes); a <em>packet</em> is one UDP datagram (a message or a compound of messages, possibly
 * compressed, CRC-checked, encrypted, labelled); a <em>stream</em> is one TCP exchange; a <em>framing</em> is
 * a wrapper that is not a message (compound, compress, hasCrc, encrypt, label).
 *
 * <p>Entry points: {@link io.memberlist.wire.MessageCodec} (one message, packet or stream form),
 * {@link io.memberlist.wire.PacketCodec} (whole UDP payloads: compound, compression, CRC),
 * {@link io.memberlist.wire.Label} (v0.3+ label header). {@link io.memberlist.wire.Compound},
 * {@link io.memberlist.wire.Compression}, {@link io.memberlist.wire.Lzw} and {@link io.memberlist.wire.Crc}
 * are the single framings. Encryption lives in the security package.
 *
 * <p>Contract: encoders write exactly what Go memberlist v0.2.2 writes (and refuse values Go could not
 * represent with {@link java.lang.IllegalArgumentException}); decoders accept what Go's decoders accept and
 * throw nothing but {@link io.memberlist.wire.MalformedPacketException} on bad input, whatever the bytes.
 * Every size limit is in {@link io.memberlist.wire.WireLimits}. All types are immutable or stateless and
 * thread-safe.
 *
 * <p>Dependency rule: JDK and msgpack-core only. Never Netty, never the protocol machine.
 */
package io.memberlist.wire;
