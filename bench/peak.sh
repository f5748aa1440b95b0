#!/usr/bin/env bash
# How far one thread's EM pass is from this machine's measured arithmetic peak, at each SIMD level
# the processor has (crates/emviz-core/examples/peak.rs: a peak-throughput loop of unfused
# multiply + add at the pass's vector width, the pass itself, its flop count, and `exp` alone).
#
# Usage (from any directory):
#   bash bench/peak.sh              # N = 1e6 (target/bench-data/blobs_1000000.txt), 11 repeats
#   REPEATS=21 LEVELS="v4" bash bench/peak.sh 1e5
#
# Environment: REPEATS (default 11), LEVELS (default "v4 v3 scalar": EMVIZ_SIMD values; a level
# the processor lacks falls back to the best it has, and the example prints the level it ran),
# DATA_DIR (default target/bench-data).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_DIR"

N="$(printf '%.0f' "${1:-1e6}")"
REPEATS="${REPEATS:-11}"
LEVELS="${LEVELS:-v4 v3 scalar}"
DATA_DIR="${DATA_DIR:-target/bench-data}"
TARGET="${CARGO_TARGET_DIR:-$REPO_DIR/target}"
log() { echo "peak.sh: $*" >&2; }

log "building emviz and the peak example (release)"
cargo build --release --quiet -p emviz-cli --bin emviz
cargo build --release --quiet -p emviz-core --example peak
FILE="$DATA_DIR/blobs_$N.txt"
if [ ! -f "$FILE" ]; then
    # emviz bench writes the data file it needs (the one compare.sh and page_bench.mjs use).
    "$TARGET/release/emviz" bench --n "$N" --iters 1 --threads 1 --data-dir "$DATA_DIR" >/dev/null
fi

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) logical cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v perf >/dev/null && perf stat -x, -e cycles true 2>&1 | grep -q '^[0-9]'; then
    echo "# hardware counters: available (perf stat -e cycles works)"
else
    echo "# hardware counters: not available here (perf stat -e cycles: not supported), so the peak is measured by the loop below"
fi
for level in $LEVELS; do
    echo
    echo "## EMVIZ_SIMD=$level"
    EMVIZ_SIMD="$level" "$TARGET/release/examples/peak" "$FILE" "$REPEATS"
done
echo
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
