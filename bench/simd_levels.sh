#!/usr/bin/env bash
# ms per EM iteration (`emviz bench`, one thread) with each SIMD copy of the pass forced
# (EMVIZ_SIMD = v4: AVX-512, v3: AVX2, scalar: SSE2), the levels taking turns ROUNDS times so all
# see the same load; prints each level's median [min–max] over the rounds (each round's figure is
# itself the median of `emviz bench --repeats REPEATS`) and its ratio to the fastest level.
#
# Usage (from any directory):
#   bash bench/simd_levels.sh            # N = 1e5
#   ROUNDS=7 REPEATS=3 bash bench/simd_levels.sh 1e6
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_DIR"

N="$(printf '%.0f' "${1:-1e5}")"
ROUNDS="${ROUNDS:-5}"
REPEATS="${REPEATS:-3}"
LEVELS="${LEVELS:-v4 v3 scalar}"
DATA_DIR="${DATA_DIR:-target/bench-data}"
EMVIZ="${CARGO_TARGET_DIR:-$REPO_DIR/target}/release/emviz"

echo "simd_levels.sh: building emviz (release)" >&2
cargo build --release --quiet -p emviz-cli --bin emviz
TMP="$(mktemp)"
trap 'rm -f "$TMP"' EXIT
LOAD0="$(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$ROUNDS"); do
    for level in $LEVELS; do
        EMVIZ_SIMD="$level" "$EMVIZ" bench --n "$N" --threads 1 --repeats "$REPEATS" \
            --data-dir "$DATA_DIR" --json | sed "s/^{/{\"forced\":\"$level\",/" >>"$TMP"
    done
done
LOAD1="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$TMP" "$N" "$ROUNDS" "$REPEATS" "$LOAD0" "$LOAD1" <<'PY'
import json, statistics, sys, time
path, n, rounds, repeats, load0, load1 = sys.argv[1:]
rows = [json.loads(l) for l in open(path) if l.strip()]
print("# %s, N = %s, K = 5, full, one thread, 20 iterations; %s rounds (levels in turn) of the "
      "median of %s repeats; load average %s before, %s after"
      % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), n, rounds, repeats, load0, load1))
print()
print("| EMVIZ_SIMD | level run | ms/iter median [min–max] | ÷ fastest median |")
print("|---|---|---:|---:|")
levels = list(dict.fromkeys(r["forced"] for r in rows))
meds = {l: statistics.median(r["emviz_ms_per_iter"] for r in rows if r["forced"] == l) for l in levels}
best = min(meds.values())
for l in levels:
    v = [r["emviz_ms_per_iter"] for r in rows if r["forced"] == l]
    ran = sorted({r["simd"] for r in rows if r["forced"] == l})
    print("| %s | %s | %.3f [%.3f–%.3f] | %.2f× |" % (l, "/".join(ran), meds[l], min(v), max(v), meds[l] / best))
PY
