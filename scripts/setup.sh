#!/usr/bin/env bash
# Installs everything emviz needs to build, serve and test, skipping whatever is already present:
# the wasm target (via rust-toolchain.toml), trunk, wasm-bindgen-cli, geckodriver (wasm tests in
# Firefox), Debian's chromium + chromedriver, firefox-esr, webkit2gtk-driver (WebKit) and xvfb (its
# display), Korean and Japanese fonts, and the npm tools (binaryen's wasm-opt, playwright-core,
# puppeteer-core, typescript). No browser is downloaded from npm. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the `=` pin in Cargo.toml
GECKODRIVER_VERSION=0.37.1

log() { printf '[setup] %s\n' "$*" >&2; }

# Rust target: rust-toolchain.toml names it; this makes rustup fetch it now rather than mid-build.
rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown \
  || { log "adding wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes several minutes the first time)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: the published lock file fails to resolve webpki-roots.
  cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

# geckodriver lets wasm-bindgen-test-runner drive Firefox (the wasm stage's second run).
if ! command -v geckodriver >/dev/null; then
  log "installing geckodriver $GECKODRIVER_VERSION"
  cargo install "geckodriver@$GECKODRIVER_VERSION"
fi

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
# The other browser engines (tests/engines/): Firefox ESR, and WebKit (WebKitGTK's WebDriver and
# MiniBrowser), which needs an X display: Xvfb.
command -v firefox-esr >/dev/null || missing+=(firefox-esr)
command -v WebKitWebDriver >/dev/null || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || missing+=(xvfb)
# Korean and Japanese fonts, so the page's Korean and Japanese (text, and chart titles drawn on
# canvases) render in headless Chromium and in the screenshots.
for font in fonts-nanum fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$font" 2>/dev/null | grep -q "install ok installed" || missing+=("$font")
done
if ((${#missing[@]})); then
  log "installing ${missing[*]} from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ ! -d node_modules/puppeteer-core ] || [ ! -x node_modules/.bin/tsc ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm tools (binaryen, playwright-core, puppeteer-core, typescript)"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "tools ready"
