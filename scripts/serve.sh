#!/usr/bin/env bash
# Builds the page in release mode and serves it on http://127.0.0.1:${PORT:-8080}/ with live rebuild.
# Usage: scripts/serve.sh            (PORT=9000 scripts/serve.sh for another port)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8080}"

scripts/setup.sh
# binaryen 132's wasm-opt (npm) must win over any older system wasm-opt: Trunk.toml pins version_132.
export PATH="$PWD/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true

cargo fetch
# Trunk refuses watch-ignore paths that do not exist (it canonicalises them): create the missing ones.
mkdir -p node_modules tests target dist bench fuzz

url="http://127.0.0.1:${PORT}/"
printf '\n==> emviz will be served at  %s  (Ctrl-C to stop; first build takes a minute)\n\n' "$url"
exec trunk serve --release --address 127.0.0.1 --port "$PORT"
