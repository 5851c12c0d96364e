#!/usr/bin/env bash
# Installs what the Go interop tests (@Tag("interop"), io.memberlist.interop) need: the Go toolchain and the
# HashiCorp memberlist v0.2.2 sources with their dependencies, as Debian packages (GOPATH /usr/share/gocode).
# Idempotent: does nothing when both are present. Needs root (or sudo) on Debian/Ubuntu.
set -euo pipefail

PACKAGES=(golang-go golang-github-hashicorp-memberlist-dev)
GOPATH_DIR=/usr/share/gocode
MEMBERLIST_SRC="$GOPATH_DIR/src/github.com/hashicorp/memberlist"

. "$(dirname "$0")/apt.sh"
apt_install_missing install-go "${PACKAGES[@]}"

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
