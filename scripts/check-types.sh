#!/usr/bin/env bash
# The typed boundary between the page's JavaScript and Rust, checked (the lint stage of
# scripts/test.sh runs this):
#   1. emviz-wasm built for wasm32 and wasm-bindgen's TypeScript declarations written from it
#      into target/emviz-types/ — the Rust types' own declarations (crates/emviz-wasm/src/wire,
#      tsify), made afresh on every run, never a copy kept in the repository;
#   2. tsc --noEmit: the page's JavaScript (www/js, typed with JSDoc) against them (tsconfig.json);
#   3. scripts/check_surface.mjs: Session has at most 40 JS-facing methods, and every method of
#      every exported class is called from www/js.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
target="${CARGO_TARGET_DIR:-$PWD/target}"
out="$PWD/target/emviz-types"   # tsconfig.json's "emviz-wasm" path
cargo build --quiet -p emviz-wasm --lib --target wasm32-unknown-unknown
rm -rf "$out"
wasm-bindgen --target web --typescript --out-dir "$out" "$target/wasm32-unknown-unknown/debug/emviz_wasm.wasm"
tsc -p tsconfig.json
node scripts/check_surface.mjs "$out/emviz_wasm.d.ts"
