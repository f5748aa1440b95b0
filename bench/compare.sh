#!/usr/bin/env bash
# Time one EM iteration (E-step + M-step, K = 5 full-covariance components, 2-D data) in emviz
# (on 1 thread and on every core) and in scikit-learn (one thread: its BLAS pools are limited to
# 1, which at d = 2 costs it nothing) on the same data files in the same run, and print a table:
#
#   N | threads | emviz ms/iter | speed-up | sklearn ms/iter | ratio (sklearn / emviz) | peak RSS MB
#
# Every ms/iter is the median over REPEATS repeats with the range (min–max) beside it; emviz's is
# (t(ITERS iterations) − t(0)) / ITERS per repeat, scikit-learn's its ITERS timed iterations'
# mean per repeat; the ratio is of the medians.
#
# Usage (from any directory):
#   bash bench/compare.sh                    # N = 10000 100000 1000000
#   bash bench/compare.sh 1e4 1e5            # chosen sizes (1e5 notation is fine)
#
# Environment:
#   ITERS=20       EM iterations timed per run
#   K=5            mixture components
#   REPEATS=3      each measurement is made this often; the median and range are printed
#   DATA_DIR=target/bench-data   where blobs_<N>.txt live (written by the first program that
#                  needs a missing one; the other then reads the same file)
#   THREADS=1,2    emviz thread counts (default: 1 and every core)
#   CPU=<n>        pin both programs to this core with taskset (default: no pinning)
#
# Steps: builds `emviz` in release mode, creates/updates the Python venv (bench/setup_venv.sh),
# runs `emviz bench --json`, then bench/sklearn_em_bench.py, and joins their JSON lines. The raw
# lines are kept in $DATA_DIR/compare-last.jsonl.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_DIR"

ITERS="${ITERS:-20}"
K="${K:-5}"
REPEATS="${REPEATS:-3}"
DATA_DIR="${DATA_DIR:-target/bench-data}"

if [ "$#" -gt 0 ]; then
    RAW_NS=("$@")
else
    RAW_NS=(10000 100000 1000000)
fi
NS=()
for n in "${RAW_NS[@]}"; do
    if ! v="$(printf '%.0f' "$n" 2>/dev/null)" || [ "$v" -le 0 ]; then
        echo "compare.sh: \"$n\" is not a number of points" >&2
        exit 2
    fi
    NS+=("$v")
done

PIN=()
if [ -n "${CPU:-}" ]; then
    PIN=(taskset -c "$CPU")
fi

log() { echo "compare.sh: $*" >&2; }

log "building emviz (release)"
cargo build --release --quiet -p emviz-cli --bin emviz
EMVIZ="${CARGO_TARGET_DIR:-$REPO_DIR/target}/release/emviz"

log "python venv"
bash "$SCRIPT_DIR/setup_venv.sh" >&2
PY="$REPO_DIR/.venv/bin/python"

mkdir -p "$DATA_DIR"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
N_CSV="$(IFS=,; echo "${NS[*]}")"

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "emviz bench --n $N_CSV --k $K --iters $ITERS --repeats $REPEATS --data-dir $DATA_DIR"
${PIN[@]+"${PIN[@]}"} "$EMVIZ" bench --n "$N_CSV" --k "$K" --iters "$ITERS" \
    --repeats "$REPEATS" --data-dir "$DATA_DIR" ${THREADS:+--threads "$THREADS"} \
    --json >"$TMP/emviz.jsonl"

log "sklearn_em_bench.py --n ${NS[*]} --k $K --iters $ITERS --repeats $REPEATS --data-dir $DATA_DIR"
${PIN[@]+"${PIN[@]}"} "$PY" "$SCRIPT_DIR/sklearn_em_bench.py" --n "${NS[@]}" --k "$K" \
    --iters "$ITERS" --repeats "$REPEATS" --data-dir "$DATA_DIR" >"$TMP/sklearn.jsonl"

cat "$TMP/emviz.jsonl" "$TMP/sklearn.jsonl" >"$DATA_DIR/compare-last.jsonl"

LOAD_BEFORE="$LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)" "$PY" - "$TMP/emviz.jsonl" "$TMP/sklearn.jsonl" <<'PY'
import json, os, platform, sys, time

def lines(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]

emviz = {(r["n"], r.get("threads", 1)): r for r in lines(sys.argv[1])}
sk = {r["n"]: r for r in lines(sys.argv[2])}
cpu = "unknown CPU"
try:
    with open("/proc/cpuinfo") as f:
        cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
except (OSError, StopIteration):
    pass
any_row = next(iter(sk.values()), {})
print("# %s, %s, %d logical cores; %s; numpy %s, scikit-learn %s (BLAS %s, one thread)"
      % (time.strftime("%Y-%m-%d"), cpu, os.cpu_count() or 0, platform.platform(),
         any_row.get("numpy", "?"), any_row.get("sklearn", "?"), any_row.get("blas_kernel", "?")))
first = next(iter(emviz.values()), {})
print("# K = %s, d = %s, full covariances, %s iterations, %s vectors; ms/iter: median [min–max]"
      " of %s repeats; ratio of the medians; load average before: %s"
      % (first.get("k"), first.get("d"), first.get("iters"), first.get("simd"),
         first.get("repeats"), os.environ.get("LOAD_BEFORE", "?")))
print()
head = ("N", "emviz threads", "emviz ms/iter", "speed-up", "sklearn ms/iter", "ratio",
        "emviz peak RSS MB")
print("| %s |" % " | ".join(head))
print("|" + "|".join("---:" for _ in head) + "|")
for (n, t) in sorted(emviz):
    e, s = emviz[(n, t)], sk.get(n, {})
    em, sm = e.get("emviz_ms_per_iter"), s.get("sklearn_ms_per_iter")

    def spread(row, key, digits):
        lo, hi = row.get(key + "_min"), row.get(key + "_max")
        if row.get(key) is None:
            return "-"
        mid = "%.*f" % (digits, row[key])
        return mid if lo is None else "%s [%.*f–%.*f]" % (mid, digits, lo, digits, hi)

    ratio = "%.1f×" % (sm / em) if em and sm else "-"
    rss, up = e.get("peak_rss_mb"), e.get("speedup")
    print("| %s | %s | %s | %s | %s | %s | %s |" % (
        n, t,
        spread(e, "emviz_ms_per_iter", 3),
        "%.2f×" % up if up is not None else "-",
        spread(s, "sklearn_ms_per_iter", 2),
        ratio,
        "%.1f" % rss if rss is not None else "-",
    ))
PY
