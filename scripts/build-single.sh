#!/usr/bin/env bash
# Builds the one-file editions of the page and of the lecture: dist-single/emviz.html and
# dist-single/lecture.html, self-contained HTML files (CSS, all ES modules, the wasm as base64) that
# work when opened straight from disk (file://) or e-mailed.
#
#   scripts/build-single.sh                 # trunk build --release, then inline dist/ into one file
#   EMVIZ_SKIP_TRUNK=1 scripts/build-single.sh   # reuse the existing dist/ (scripts/test.sh does this)
#   EMVIZ_DIST=/other/dist EMVIZ_SKIP_TRUNK=1 scripts/build-single.sh   # inline another built page
#
# The inlining is scripts/inline.mjs (Node, no dependencies); it prints the file's size.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"   # binaryen 132's wasm-opt first (Trunk.toml pins it)
export TRUNK_OFFLINE=true

if [ -z "${EMVIZ_SKIP_TRUNK:-}" ] || [ "${EMVIZ_SKIP_TRUNK}" = 0 ]; then
  trunk build --release
fi
DIST="${EMVIZ_DIST:-dist}"
if [ ! -f "$DIST/index.html" ] || [ ! -f "$DIST/emviz-wasm_bg.wasm" ]; then
  echo "build-single: $DIST/ has no built page: run trunk build --release first" >&2
  exit 1
fi
node scripts/inline.mjs "$DIST" dist-single/emviz.html
node scripts/inline.mjs "$DIST" dist-single/lecture.html lecture.html js/lecture.js
