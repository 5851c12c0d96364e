#!/usr/bin/env bash
# Installs what the Go interop tests (@Tag("interop"), io.memberlist.interop) need: the Go toolchain and the
# HashiCorp memberlist v0.2.2 sources with their dependencies, as Debian packages (GOPATH /usr/share/gocode).
# Idempotent: does nothing when both are present. Needs root (or sudo) on Debian/Ubuntu.
set -euo pipefail

PACKAGES=(golang-go golang-github-hashicorp-memberlist-dev)
GOPATH_DIR=/usr/share/gocode
MEMBERLIST_SRC="$GOPATH_DIR/src/github.com/hashicorp/memberlist"

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for p in "${PACKAGES[@]}"; do
  if installed "$p"; then
    echo "install-go: $p already installed ($(dpkg-query -W -f='${Version}' "$p"))"
  else
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-go: apt-get not found; install ${missing[*]} (or Go + memberlist v0.2.2 in a GOPATH," \
         "then set MEMBERLIST_GOPATH) by other means" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  echo "install-go: installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
else
  echo "install-go: nothing to install"
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-go: 'go' is still not on PATH" >&2
  exit 1
fi
if [ ! -d "$MEMBERLIST_SRC" ]; then
  echo "install-go: $MEMBERLIST_SRC is missing" >&2
  exit 1
fi
echo "install-go: $(go version); memberlist sources in GOPATH $GOPATH_DIR"
echo "install-go: interop tests will build the peer with GO111MODULE=off GOPATH=$GOPATH_DIR"
