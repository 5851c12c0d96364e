#!/usr/bin/env bash
# Installs what the live view browser tests (sample-app, io.memberlist.sample.liveview) need: Debian's chromium
# and chromium-driver, which Selenium drives headless. Idempotent: does nothing when both are present.
# Needs root (or sudo) on Debian/Ubuntu. With CI=true the browser tests fail instead of skipping without them.
set -euo pipefail

PACKAGES=(chromium chromium-driver)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for p in "${PACKAGES[@]}"; do
  if installed "$p"; then
    echo "install-browser: $p already installed ($(dpkg-query -W -f='${Version}' "$p"))"
  else
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: apt-get not found; install ${missing[*]} by other means and point CHROME_BIN and" \
         "CHROMEDRIVER at them" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  echo "install-browser: installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-browser: nothing to install"
fi

for exe in /usr/bin/chromium /usr/bin/chromedriver; do
  if [ ! -x "$exe" ]; then
    echo "install-browser: $exe is missing after the install" >&2
    exit 1
  fi
done
echo "install-browser: $(/usr/bin/chromedriver --version | head -n1)"
