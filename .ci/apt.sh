#!/usr/bin/env bash
# Sourced by the install-*.sh scripts: installs the Debian packages that are missing, and nothing else.
# Usage: apt_install_missing TAG PACKAGE...   (TAG prefixes every line; needs root or sudo on Debian/Ubuntu)
# APT_NO_RECOMMENDS=1 leaves recommended packages out (the browser's are desktop extras; Go's gcc is needed).

apt_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

apt_install_missing() {
  local tag=$1
  shift
  local missing=() p
  for p in "$@"; do
    if apt_installed "$p"; then
      echo "$tag: $p already installed ($(dpkg-query -W -f='${Version}' "$p"))"
    else
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "$tag: nothing to install"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$tag: apt-get not found; install ${missing[*]} by other means" >&2
    return 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "$tag: installing ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  local flags=()
  if [ "${APT_NO_RECOMMENDS:-0}" = 1 ]; then
    flags+=(--no-install-recommends)
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${flags[@]}" "${missing[@]}"
}
