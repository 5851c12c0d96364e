#!/usr/bin/env bash
# Installs what the live view browser tests (sample-app, io.memberlist.sample.liveview) need: Debian's chromium
# and chromium-driver, which Selenium drives headless. Idempotent: does nothing when both are present.
# Needs root (or sudo) on Debian/Ubuntu. With CI=true the browser tests fail instead of skipping without them.
set -euo pipefail

PACKAGES=(chromium chromium-driver)

. "$(dirname "$0")/apt.sh"
APT_NO_RECOMMENDS=1 apt_install_missing install-browser "${PACKAGES[@]}"

for exe in /usr/bin/chromium /usr/bin/chromedriver; do
  if [ ! -x "$exe" ]; then
    echo "install-browser: $exe is missing after the install" >&2
    exit 1
  fi
done
echo "install-browser: $(/usr/bin/chromedriver --version | head -n1)"
