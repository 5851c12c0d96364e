#!/usr/bin/env bash
# Installs what the multi-host tests (@Tag("multihost"), io.memberlist.multihost) need: unshare and nsenter
# (util-linux), ip (iproute2), nft (nftables) and curl (to call the sample app inside a host), as Debian
# packages. The tests put each node in a network namespace of its own, so they also need root and a kernel
# with veth, bridge and nf_tables.
# Idempotent: does nothing when every package is present. Needs root (or sudo) on Debian/Ubuntu.
set -euo pipefail

PACKAGES=(util-linux iproute2 nftables curl)
COMMANDS=(unshare nsenter ip nft curl)

. "$(dirname "$0")/apt.sh"
apt_install_missing install-netns "${PACKAGES[@]}"

# ip and nft live in /usr/sbin, which a non-root PATH may lack; the tests look there too.
for c in "${COMMANDS[@]}"; do
  if ! command -v "$c" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$c" ] && [ ! -x "/sbin/$c" ]; then
    echo "install-netns: '$c' is still not found" >&2
    exit 1
  fi
done
echo "install-netns: ${COMMANDS[*]} present; the multi-host tests run as root (CI=true makes them fail, not skip)"
