/**
 * Gossip encryption, byte-compatible with HashiCorp memberlist ({@code keyring.go}, {@code security.go},
 * the encryption parts of {@code net.go}): a rotating {@link io.memberlist.security.Keyring} and the versioned
 * AES-GCM envelope {@link io.memberlist.security.Aead}.
 *
 * <p>Glossary: a <em>blob</em> is {@code version(1) | nonce(12) | ciphertext+tag(16)}; the <em>primary</em> key
 * (element 0 of the keyring) seals, every installed key is tried to open; <em>AAD</em> is the additional
 * authenticated data each plane binds to the blob (UDP: the cluster label; TCP: the 5-byte {@code 0x0a|len}
 * stream header plus the label). Failures surface as {@link io.memberlist.security.DecryptionException};
 * callers drop and count, never propagate.
 *
 * <p>Dependency rule: JDK only ({@code javax.crypto}, {@code java.security}). Never Netty, never the protocol
 * machine or the wire codec; the transport decorators call into this package, not the other way round.
 */
package io.memberlist.security;
