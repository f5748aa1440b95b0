#!/usr/bin/env bash
# Checks the built page's WebAssembly for instructions some current browsers lack: it may use
# SIMD128 (every current browser), but not relaxed SIMD (missing from Safari and older Firefox),
# which a dependency's feature could switch on silently. Usage: scripts/check-wasm.sh [file.wasm]
set -euo pipefail
cd "$(dirname "$0")/.."
wasm="${1:-dist/emviz-wasm_bg.wasm}"
dis="$(command -v wasm-dis || echo node_modules/.bin/wasm-dis)"
if [ ! -x "$dis" ] && ! command -v "$dis" >/dev/null; then
  echo "wasm-dis is missing (binaryen, installed by scripts/setup.sh): cannot check $wasm." >&2
  exit 1
fi
[ -f "$wasm" ] || { echo "$wasm is missing: build the page first." >&2; exit 1; }
text="$("$dis" "$wasm")" || { echo "wasm-dis could not read $wasm." >&2; exit 1; }
count="$(grep -c 'relaxed' <<<"$text" || true)"
if [ "$count" != 0 ]; then
  echo "$wasm uses $count relaxed-SIMD instructions: browsers without relaxed SIMD cannot load it." >&2
  echo "Look for a crate feature enabling 'relaxed-simd' (e.g. pulp's default features)." >&2
  exit 1
fi
echo "$wasm: no relaxed-SIMD instructions."
