#!/usr/bin/env bash
# Checks the built page's WebAssembly for instructions some current browsers lack: it may use
# SIMD128 (every current browser), but not relaxed SIMD (missing from Safari and older Firefox),
# which a dependency's feature could switch on silently. Usage: scripts/check-wasm.sh [file.wasm]
set -euo pipefail
cd "$(dirname "$0")/.."
wasm="${1:-dist/emviz-wasm_bg.wasm}"
dis="$(command -v wasm-dis || echo node_modules/.bin/wasm-dis)"
count="$("$dis" "$wasm" | grep -c 'relaxed' || true)"
if [ "$count" != 0 ]; then
  echo "$wasm uses $count relaxed-SIMD instructions: browsers without relaxed SIMD cannot load it." >&2
  echo "Look for a crate feature enabling 'relaxed-simd' (e.g. pulp's default features)." >&2
  exit 1
fi
echo "$wasm: no relaxed-SIMD instructions."
