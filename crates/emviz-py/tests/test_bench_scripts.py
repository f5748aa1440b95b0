"""The Python benchmark scripts still run and print the fields bench/README.md quotes (a median
and its range for every timing), on tiny data with one or two repeats. They print figures and
never assert times: these tests check only that the figures are there and consistent."""

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
BENCH = ROOT / "bench"


def run(*args):
    out = subprocess.run([sys.executable, *map(str, args)], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=120)
    return out.stdout, out.stderr


def spread_ok(row, key):
    assert row[key + "_min"] <= row[key] <= row[key + "_max"], (key, row)


def test_python_bench_prints_medians_and_ranges():
    _, err = run(BENCH / "python_bench.py", "--n", "1000", "--iters", "2", "--repeats", "2")
    row = json.loads(next(line for line in err.splitlines() if line.startswith("{")))
    assert (row["n"], row["iters"], row["repeats"]) == (1000, 2, 2)
    for key in ("sklearn_1thread_s", "sklearn_all_s", "emviz_1thread_s", "emviz_all_s"):
        spread_ok(row, key)
    assert row["speedup_1thread"] > 0 and row["max_abs_diff_means"] < 1e-9


def test_sklearn_em_bench_prints_the_median_of_its_repeats(tmp_path):
    out, _ = run(BENCH / "sklearn_em_bench.py", "--n", "500", "--iters", "2", "--repeats", "3",
                 "--data-dir", tmp_path)
    row = json.loads(out.strip())
    assert (row["n"], row["iters"], row["repeats"]) == (500, 2, 3)
    spread_ok(row, "sklearn_ms_per_iter")
    assert len(row["repeat_ms_per_iter"]) == 3
