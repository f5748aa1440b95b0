#!/usr/bin/env python3
"""Seconds per EM iteration of Spark MLlib's GaussianMixture and of ``emviz.spark.GaussianMixture``
on the same DataFrame, in the same run (pyspark local mode).

Usage (from the repository root, with emviz and ``emviz[spark]`` installed in .venv, e.g. after
``scripts/test.sh``'s python stage):

    .venv/bin/python bench/spark_bench.py                       # N = 1e6 and 1e7, 10 iterations
    .venv/bin/python bench/spark_bench.py --n 1e6 --iters 5 --master 'local[2]'
    .venv/bin/python bench/spark_bench.py --n 1e6 --repeat 3    # MLlib, emviz, MLlib, ...: medians

Data: N points in 2-D from five Gaussian blobs (the centres and scales of bench/python_bench.py),
generated inside Spark (``spark.range`` in ``--partitions`` partitions, seeded ``rand``/``randn``:
nothing passes through the driver), with a ``features`` vector column (VectorAssembler) for MLlib
and the two double columns ``x``, ``y`` for emviz. Both fit K = 5 full-covariance components with
``tol=0`` for exactly ``--iters`` iterations; each caches its own copy of the input as it does in
real use (MLlib: its instances RDD; emviz: the two float64 columns).

emviz.spark runs its iterations two ways (``iterationMode``): ``tasks`` (the default where Spark
can: one barrier job per fit whose tasks keep their rows and compute each iteration's statistics
for the driver) and ``jobs`` (one Spark job per iteration, as MLlib). Each N is fitted by MLlib,
emviz (tasks) and emviz (jobs), alternately ``--repeat`` times, all with ``--iters`` iterations.

How the figures are defined — the same way for every program:

* **whole fit**: the wall clock of the ``fit(df)`` call (``time.time()`` around it);
* **start-up**: from calling ``fit`` to the submission of the first Spark job of the iteration
  loop (Spark's event log, ``spark.eventLog.enabled``, written to a temporary folder and read
  after the run): MLlib's first ``collect at GaussianMixture.scala`` job (its caching of the
  instances, ``takeSample`` and the start come before), emviz's barrier job (``tasks``) or first
  pass job (``jobs``) (its packing pass, sample and k-means come before);
* **per iteration with start-up**: whole fit / iterations;
* **per iteration without start-up**: (whole fit − start-up) / iterations — everything after the
  loop's first job is submitted, so emviz's loop start (the barrier job launched, the tasks
  mapping their rows and connecting) and both programs' work after the last iteration count;
* **steady iteration**: the median of the single iterations' times — for MLlib and emviz (jobs)
  the time from one iteration's job submission to the next one's (event log), for emviz (tasks)
  the driver's wall clock from sending the model to having made the M-step
  (``summary.iterationTimes``).

With ``--repeat R`` the three programs are fitted alternately R times (all see the same load);
each figure is printed as the median over the R fits with the range [min–max] (the steady
iteration: the median over all iterations of all fits); ratios are MLlib's median ÷ emviz's
median. Also printed: the load average of the machine (``os.getloadavg``) before and after,
since it is shared, and a JSON line per N and program.
"""

import argparse
import glob
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)

CENTRES = [(0.0, 0.0), (6.0, 1.0), (2.0, 7.0), (-5.0, 4.0), (-3.0, -6.0)]
SCALES = [1.0, 0.7, 1.3, 0.9, 1.1]
K = 5


def session(master, memory, log_dir):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .appName("emviz-spark-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.eventLog.enabled", "true")
        .config("spark.eventLog.dir", "file://" + log_dir)
        .config("spark.eventLog.compress", "false")
        .config("spark.eventLog.rolling.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def data(spark, n, partitions):
    from pyspark.ml.feature import VectorAssembler
    from pyspark.sql import functions as F

    def pick(values):  # values[c] for the row's component c (1-based), as a column
        return F.element_at(F.array(*[F.lit(v) for v in values]), F.col("c"))

    df = (
        spark.range(0, n, numPartitions=partitions)
        .select(((F.rand(1) * K).cast("int") + 1).alias("c"))
        .select(
            (pick([c[0] for c in CENTRES]) + F.randn(2) * pick(SCALES)).alias("x"),
            (pick([c[1] for c in CENTRES]) + F.randn(3) * pick(SCALES)).alias("y"),
        )
    )
    return VectorAssembler(inputCols=["x", "y"], outputCol="features").transform(df)


def jobs(log_dir):
    """(job id, seconds, call site, stage names, description, submission time in seconds) of
    every job in the event log."""
    starts, out = {}, []
    for path in glob.glob(os.path.join(log_dir, "**", "*"), recursive=True):
        if not os.path.isfile(path) or os.path.basename(path).startswith("appstatus"):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                ev = json.loads(line)
                kind = ev.get("Event")
                if kind == "SparkListenerJobStart":
                    props = ev.get("Properties") or {}
                    names = [st.get("Stage Name", "") for st in ev.get("Stage Infos", [])]
                    starts[ev["Job ID"]] = (ev["Submission Time"], props.get("callSite.short", ""), names,
                                            props.get("spark.job.description", ""))
                elif kind == "SparkListenerJobEnd" and ev["Job ID"] in starts:
                    t0, site, names, desc = starts[ev["Job ID"]]
                    out.append((ev["Job ID"], (ev["Completion Time"] - t0) / 1000.0, site, names, desc,
                                t0 / 1000.0))
    return sorted(out)


def gaps(js):
    """The times from one job's submission to the next one's (js: consecutive jobs)."""
    starts = [j[5] for j in js]
    return [b - a for a, b in zip(starts, starts[1:])]


def loop_jobs(all_jobs, name, n, r, iters):
    """The jobs of the iteration loop of fit r of program `name` at N = n (event log rows)."""
    mine = [j for j in all_jobs if j[4] == f"{name} {n} {r}"]
    if name == "mllib":  # its takeSample (the start), then one collect per iteration
        return [j for j in mine if any(s.startswith("collect at GaussianMixture.scala") for s in j[3])]
    # emviz: the packing pass (with its report), then the loop's job(s), then the cache's removal
    return mine[1:2] if name == "tasks" else mine[1:1 + iters]


def figures(name, fits, all_jobs, n, iters):
    """Per fit: whole fit, start-up, per iteration with and without start-up; and the single
    iterations of all fits (see the module's documentation for the definitions)."""
    whole, startup, steady = [], [], []
    for r, row in enumerate(fits):
        seconds, model, wall0 = row[name]
        loop = loop_jobs(all_jobs, name, n, r, iters)
        whole.append(seconds)
        startup.append(loop[0][5] - wall0)
        if name == "tasks":
            steady += model.summary.iterationTimes
        else:
            steady += gaps(loop)
    return {
        "whole_fit_s": whole,
        "startup_s": startup,
        "per_iter_with_startup_s": [w / iters for w in whole],
        "per_iter_without_startup_s": [(w - s) / iters for w, s in zip(whole, startup)],
        "steady_iter_s": steady,
    }


def show(values, digits):
    """median [min–max]"""
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.{digits}f}"
    return f"{med:.{digits}f} [{min(values):.{digits}f}–{max(values):.{digits}f}]"


def table(runs, all_jobs, iters):
    med = statistics.median
    names = {"mllib": "MLlib", "tasks": "emviz (tasks)", "jobs": "emviz (jobs)"}
    print("\nSeconds; median [min–max] over the fits (steady iteration: over all their "
          "iterations); ratio = MLlib's median / this program's median:\n")
    print("| N | program | whole fit | ratio | per iteration with start-up | ratio | per iteration "
          "without start-up | ratio | steady iteration | ratio | start-up | mean log-lik |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    lines = []
    keys = ["whole_fit_s", "per_iter_with_startup_s", "per_iter_without_startup_s", "steady_iter_s"]
    for n, fits in runs:
        got = {name: figures(name, fits, all_jobs, n, iters) for name in names}
        for name, label in names.items():
            f = got[name]
            cells = []
            for key in keys:
                digits = 2 if key == "whole_fit_s" else 4
                ratio = med(got["mllib"][key]) / med(f[key])
                cells += [show(f[key], digits), "–" if name == "mllib" else f"**{ratio:.1f}×**"]
            ll = fits[0]["mllib log-lik"] if name == "mllib" else fits[0][name][1].lowerBound
            print(f"| {n:.0e} | {label} | " + " | ".join(cells)
                  + f" | {show(f['startup_s'], 2)} | {ll:.4f} |")
            lines.append(json.dumps({"n": n, "program": name, "iters": iters, "fits": len(fits),
                                     **{k: med(v) for k, v in f.items()},
                                     **{k + "_min": min(v) for k, v in f.items()},
                                     **{k + "_max": max(v) for k, v in f.items()}}))
    print()
    for line in lines:
        print(line)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", nargs="+", default=["1e6", "1e7"])
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1,
                    help="fit each this many times, alternately (medians over all iterations)")
    ap.add_argument("--memory", default="4g")
    ap.add_argument("--no-executor-cache", action="store_true",
                    help="emviz streams its cached blocks from the JVM on every pass")
    args = ap.parse_args()

    log_dir = tempfile.mkdtemp(prefix="emviz-spark-bench-")
    spark = session(args.master, args.memory, log_dir)
    sc = spark.sparkContext
    from pyspark.ml.clustering import GaussianMixture as MLlibGM

    import emviz.spark as es

    load0 = os.getloadavg()
    print(f"pyspark {spark.version}, master {args.master}, {args.partitions} partitions, "
          f"K = {K}, d = 2, full covariances, {args.iters} iterations (tol = 0); load average "
          f"{load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}", flush=True)
    # Warm up the JVM and the Python workers on a small fit of each (not counted).
    small = data(spark, 20000, args.partitions)
    MLlibGM(k=K, maxIter=2, tol=0.0, seed=1).fit(small)
    for mode in ("tasks", "jobs"):
        es.GaussianMixture(k=K, inputCols=["x", "y"], maxIter=2, tol=0.0, seed=1,
                           iterationMode=mode).fit(small)

    def emviz_fit(df, mode):
        return es.GaussianMixture(k=K, inputCols=["x", "y"], maxIter=args.iters, tol=0.0, seed=1,
                                  executorCache=not args.no_executor_cache,
                                  iterationMode=mode).fit(df)

    runs = []
    for n in (int(float(v)) for v in args.n):
        df = data(spark, n, args.partitions)
        fits = []
        for r in range(args.repeat):  # MLlib, emviz, emviz, MLlib, ...: all see the same load
            row = {}
            for name in ("mllib", "tasks", "jobs"):
                sc.setJobDescription(f"{name} {n} {r}")
                t = time.perf_counter()
                wall0 = time.time()
                if name == "mllib":
                    model = MLlibGM(k=K, maxIter=args.iters, tol=0.0, seed=1).fit(df)
                    assert model.summary.numIter == args.iters
                    row["mllib log-lik"] = model.summary.logLikelihood / n
                else:
                    model = emviz_fit(df, name)
                    assert model.numIter == args.iters and model.summary.iterationMode == name
                row[name] = (time.perf_counter() - t, model, wall0)
            sc.setJobDescription(None)
            fits.append(row)
            print(f"N = {n:,}: whole fits MLlib {row['mllib'][0]:.2f} s, emviz tasks "
                  f"{row['tasks'][0]:.2f} s, emviz jobs {row['jobs'][0]:.2f} s", flush=True)
        runs.append((n, fits))
    spark.stop()
    load1 = os.getloadavg()

    all_jobs = jobs(log_dir)
    shutil.rmtree(log_dir, ignore_errors=True)
    print(f"\nload average after: {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}")
    table(runs, all_jobs, args.iters)
    if os.environ.get("EMVIZ_BENCH_JOBS"):
        for j in all_jobs:
            print(j)


if __name__ == "__main__":
    main()
