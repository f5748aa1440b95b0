#!/usr/bin/env bash
# Puts the emviz page into the Python package before its wheel is built: the single-file build of
# the page (scripts/build-single.sh: trunk builds crates/emviz-wasm, then HTML, CSS, JS and wasm are
# inlined into one file) is copied to crates/emviz-py/python/emviz/static/emviz.html, which
# emviz.Widget shows. The copy is generated, never committed (.gitignore).
#
#   crates/emviz-py/build_static.sh                  # builds the page (trunk, ~1 min) and copies it
#   EMVIZ_REUSE_PAGE=1 crates/emviz-py/build_static.sh   # copies an existing dist-single/emviz.html
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${EMVIZ_REUSE_PAGE:-}" ] || [ ! -f dist-single/emviz.html ]; then
  scripts/build-single.sh
fi
mkdir -p crates/emviz-py/python/emviz/static
cp dist-single/emviz.html crates/emviz-py/python/emviz/static/emviz.html
echo "build_static: $(wc -c < crates/emviz-py/python/emviz/static/emviz.html) bytes -> crates/emviz-py/python/emviz/static/emviz.html"
