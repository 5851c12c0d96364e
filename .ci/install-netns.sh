#!/usr/bin/env bash
# Installs what the multi-host tests (@Tag("multihost"), io.memberlist.multihost) need: unshare and nsenter
# (util-linux), ip (iproute2), nft (nftables) and curl (to call the sample app inside a host), as Debian
# packages. The tests put each node in a network namespace of its own, so they also need root and a kernel
# with veth, bridge and nf_tables.
# Idempotent: does nothing when every package is present. Needs root (or sudo) on Debian/Ubuntu.
set -euo pipefail

PACKAGES=(util-linux iproute2 nftables curl)
COMMANDS=(unshare nsenter ip nft curl)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for p in "${PACKAGES[@]}"; do
  if installed "$p"; then
    echo "install-netns: $p already installed ($(dpkg-query -W -f='${Version}' "$p"))"
  else
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-netns: apt-get not found; install ${missing[*]} (commands: ${COMMANDS[*]}) by other means" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  echo "install-netns: installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
else
  echo "install-netns: nothing to install"
fi

# ip and nft live in /usr/sbin, which a non-root PATH may lack; the tests look there too.
for c in "${COMMANDS[@]}"; do
  if ! command -v "$c" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$c" ] && [ ! -x "/sbin/$c" ]; then
    echo "install-netns: '$c' is still not found" >&2
    exit 1
  fi
done
echo "install-netns: ${COMMANDS[*]} present; the multi-host tests run as root (CI=true makes them fail, not skip)"
