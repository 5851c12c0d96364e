/**
 * Finding the cluster: the implementations of the {@link io.memberlist.spring.autoconfigure.SeedProvider} SPI
 * (a static list, whose DNS names the engine resolves to every address at each join; a Kubernetes headless
 * Service by default on Kubernetes) and {@link io.memberlist.spring.join.SeedRejoin}, which periodically
 * joins seeds that are not members, so two halves of a split cluster find each other again.
 *
 * <p>Glossary: a <em>seed</em> is a {@code host:port} (or {@code host}, meaning port 7946) to join
 * through; a seed <em>address</em> is one IP and port it resolves to. Depends on the core and {@code autoconfigure}.
 */
package io.memberlist.spring.join;
