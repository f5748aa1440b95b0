#!/usr/bin/env bash
# ms per EM iteration (`emviz bench`, one thread) of several variants taking turns ROUNDS times,
# so that all see the same load on a shared machine; prints each variant's median [min–max] over
# the rounds (each round's figure is itself the median of `emviz bench --repeats REPEATS`, i.e. of
# (t(20 iterations) − t(0)) / 20) and its ratio to the first variant's median.
#
# A variant is one argument: words of the form NAME=value are set in the environment, other words
# are passed to `emviz bench`; "" is the plain run.
#
# Usage (from any directory):
#   bash bench/in_turn.sh 1e5 EMVIZ_SIMD=v4 EMVIZ_SIMD=v3 EMVIZ_SIMD=scalar   # forced SIMD levels
#   bash bench/in_turn.sh 1e5 "" --weighted                                    # sample weights
#   ROUNDS=9 REPEATS=3 bash bench/in_turn.sh 1e6 "" --weighted
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_DIR"

if [ "$#" -lt 2 ]; then
    echo "usage: bash bench/in_turn.sh N VARIANT [VARIANT ...]" >&2
    exit 2
fi
N="$(printf '%.0f' "$1")"
shift
ROUNDS="${ROUNDS:-5}"
REPEATS="${REPEATS:-3}"
DATA_DIR="${DATA_DIR:-target/bench-data}"
EMVIZ="${CARGO_TARGET_DIR:-$REPO_DIR/target}/release/emviz"

echo "in_turn.sh: building emviz (release)" >&2
cargo build --release --quiet -p emviz-cli --bin emviz
TMP="$(mktemp)"
trap 'rm -f "$TMP"' EXIT
LOAD0="$(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$ROUNDS"); do
    for i in $(seq 0 $(($# - 1))); do
        variant="${*:$((i + 1)):1}"
        envs=()
        flags=()
        for word in $variant; do
            if [[ "$word" == *=* && "$word" != --* ]]; then envs+=("$word"); else flags+=("$word"); fi
        done
        env ${envs[@]+"${envs[@]}"} "$EMVIZ" bench --n "$N" --threads 1 --repeats "$REPEATS" \
            --data-dir "$DATA_DIR" --json ${flags[@]+"${flags[@]}"} |
            python3 -c 'import json,sys; [print(json.dumps({"variant": int(sys.argv[1]), **json.loads(l)})) for l in sys.stdin if l.strip()]' "$i" >>"$TMP"
    done
done
LOAD1="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$TMP" "$N" "$ROUNDS" "$REPEATS" "$LOAD0" "$LOAD1" "$@" <<'PY'
import json, statistics, sys, time
path, n, rounds, repeats, load0, load1, *variants = sys.argv[1:]
rows = [json.loads(l) for l in open(path) if l.strip()]
print("# %s, N = %s, K = 5, full, one thread, 20 iterations; %s rounds (variants in turn), each "
      "the median of %s repeats; load average %s before, %s after"
      % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), n, rounds, repeats, load0, load1))
print()
print("| variant | SIMD level run | ms/iter median [min–max] | ÷ first variant's median |")
print("|---|---|---:|---:|")
meds = []
for i, name in enumerate(variants):
    v = [r["emviz_ms_per_iter"] for r in rows if r["variant"] == i]
    meds.append(statistics.median(v))
    ran = "/".join(sorted({r["simd"] for r in rows if r["variant"] == i}))
    print("| %s | %s | %.3f [%.3f–%.3f] | %.3f× |"
          % (name or "(plain)", ran, meds[i], min(v), max(v), meds[i] / meds[0]))
PY
