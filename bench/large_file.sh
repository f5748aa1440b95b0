#!/usr/bin/env bash
# Data larger than memory: fit a large text file streamed from emviz's binary column cache, and
# the same file held in memory, and compare. Prints the streamed fit's seconds per EM pass, the
# cache's read throughput and both runs' peak memory, and the largest relative difference between
# the two fitted models.
#
# Usage (from any directory):
#   bash bench/large_file.sh            # N = 30 000 000 points, d = 2 (a ~0.7 GB text file)
#   bash bench/large_file.sh 2e6        # another size
#
# Environment:
#   K=5           mixture components           THREADS=<n>   emviz --threads (default: all cores)
#   DATA_DIR=target/bench-data   where large_<N>.txt is written (once; delete it to redo)
#   SKIP_MEMORY=1 skip the in-memory fit (it needs N × d × 8 bytes of memory and more)
#   REPEATS=3     fits of each kind, taking turns; the summary prints the median [min–max] of each
#                 figure (wall time, peak memory, seconds per pass, the cache's read speed)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_DIR"

N="$(printf '%.0f' "${1:-3e7}")"
K="${K:-5}"
DATA_DIR="${DATA_DIR:-target/bench-data}"
log() { echo "large_file.sh: $*" >&2; }

log "building emviz (release)"
cargo build --release --quiet -p emviz-cli --bin emviz
EMVIZ="${CARGO_TARGET_DIR:-$REPO_DIR/target}/release/emviz"
THREADS_ARG=(${THREADS:+--threads "$THREADS"})

mkdir -p "$DATA_DIR"
FILE="$DATA_DIR/large_$N.txt"
if [ ! -f "$FILE" ]; then
    log "writing $N points from five 2-D blobs to $FILE"
    MODEL="$DATA_DIR/large_blobs.json"
    cat >"$MODEL" <<'JSON'
{"covariance_type": "full", "weights": [0.3, 0.25, 0.2, 0.15, 0.1],
 "means": [[-6, -4], [0, 6], [5, -2], [8, 7], [-3, 2]],
 "covariances": [[[2, 0.6], [0.6, 1]], [[1, -0.3], [-0.3, 0.5]], [[0.8, 0], [0, 2.5]],
                 [[1.5, 1.1], [1.1, 1.2]], [[0.3, 0], [0, 0.3]]]}
JSON
    "$EMVIZ" sample "$MODEL" -n "$N" --seed 7 >"$FILE.tmp"
    mv "$FILE.tmp" "$FILE"
fi
log "$FILE: $(du -h "$FILE" | cut -f1)"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fit_run NAME MEMORY R: `emviz fit --memory MEMORY --verbose`, output in $TMP/NAME.{json,err}
# (the last run's) and the wall time appended to $TMP/NAME.wall.
fit_run() {
    log "$1 ($3 of $REPEATS): emviz fit --memory $2 --verbose"
    local start end
    start=$(date +%s.%N)
    "$EMVIZ" fit "$FILE" --k "$K" --seed 0 --memory "$2" --verbose ${THREADS_ARG[@]+"${THREADS_ARG[@]}"} \
        >"$TMP/$1.json" 2>"$TMP/$1.err"
    end=$(date +%s.%N)
    cat "$TMP/$1.err" >&2
    cat "$TMP/$1.err" >>"$TMP/$1.all"
    python3 -c "print($end - $start)" >>"$TMP/$1.wall"
}

REPEATS="${REPEATS:-3}"
LOAD0="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$REPEATS"); do
    fit_run streamed stream "$r"
    [ -n "${SKIP_MEMORY:-}" ] || fit_run memory load "$r"
done
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), N = $N, K = $K, $REPEATS fit(s) of each kind in turn; load average $LOAD0 before, $(cut -d' ' -f1-3 /proc/loadavg) after"
python3 - "$TMP" <<'PY'
import os, re, statistics, sys
tmp = sys.argv[1]
def show(v, unit):
    if not v:
        return "-"
    return "%.3g %s [%.3g–%.3g]" % (statistics.median(v), unit, min(v), max(v))
for name in ("streamed", "memory"):
    if not os.path.exists(os.path.join(tmp, name + ".wall")):
        continue
    wall = [float(l) for l in open(os.path.join(tmp, name + ".wall"))]
    text = open(os.path.join(tmp, name + ".all")).read()
    grab = lambda pat: [float(m) for m in re.findall(pat, text)]
    print("%s: whole fit %s; peak memory %s; per pass %s; cache read %s; parsing %s"
          % (name, show(wall, "s"), show(grab(r"peak memory ([0-9.]+) MB"), "MB"),
             show(grab(r"([0-9.]+) s per pass"), "s"), show(grab(r"read at ([0-9.]+) MB/s"), "MB/s"),
             show(grab(r"into the cache \S+ in ([0-9.]+) s"), "s")))
PY
if [ -z "${SKIP_MEMORY:-}" ]; then
    python3 - "$TMP/streamed.json" "$TMP/memory.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def nums(v):
    if isinstance(v, list):
        for x in v:
            yield from nums(x)
    else:
        yield v
worst = 0.0
for key in ("weights", "means", "covariances", "trace"):
    for x, y in zip(nums(a[key]), nums(b[key])):
        if x != y:
            worst = max(worst, abs(x - y) / max(abs(x), abs(y)))
print("n_iter streamed %d, in memory %d; largest relative difference of the models: %.2e"
      % (a["n_iter"], b["n_iter"], worst))
print("final mean log-likelihood: streamed %.12f, in memory %.12f"
      % (a["log_likelihood"], b["log_likelihood"]))
PY
fi
