/**
 * A multi-host test bed on one machine: every node runs in a network namespace of its own with a private IPv4
 * address on a bridge, so tests see what real hosts see (separate interfaces, advertise-address selection,
 * partitions and loss made with nftables) instead of what a shared loopback hides. Needs root, {@code unshare},
 * {@code nsenter}, {@code ip} and {@code nft} ({@code .ci/install-netns.sh}); tests are tagged
 * {@code multihost} and skip with a message where namespaces are unavailable, except in CI, where they fail.
 */
package io.memberlist.multihost;
