#!/usr/bin/env bash
# Installs what Knowledge Café needs to build, run and test on Debian 12 / Ubuntu, skipping what is already there.
#   scripts/setup.sh run    — system libraries for the desktop app, npm packages
#   scripts/setup.sh test   — the same, plus Xvfb, WebKitWebDriver, Chromium with ChromeDriver (the phone page) and
#                             tauri-driver for end-to-end tests
set -euo pipefail
mode=${1:-run}
cd "$(dirname "$0")/.."

run_pkgs=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev build-essential pkg-config
          xvfb xauth)
test_pkgs=(webkit2gtk-driver chromium chromium-driver poppler-utils)
pkgs=("${run_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is missing — install it with rustup (https://rustup.rs) and run this again" >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: Node.js 20+ with npm is missing — install it (e.g. apt-get install nodejs npm) and run this again" >&2
  exit 1
fi

# npm packages for the UI (exact versions from the committed lock file)
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi

if [ "$mode" = test ] && ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  cargo install tauri-driver --locked
fi
