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

How an iteration is timed. MLlib makes one Spark job per iteration (its treeAggregate in
GaussianMixture.scala): Spark's own event log (``spark.eventLog.enabled``, written to a temporary
folder and read after the run) gives every job's submission and completion time; an MLlib
iteration is the time from one iteration's job submission to the next one's (the job plus the
driver's work between jobs), and "job" columns show the job alone. emviz in ``jobs`` mode is timed
the same way. emviz in ``tasks`` mode has one job for the whole fit, so its iteration is the
driver's wall clock from sending the model to having merged the statistics and made the M-step
(``summary.iterationTimes``); the loop's start (its shuffle, the tasks loading their rows, the
connections: ``summary.loopSetupTime``) is shown apart and also spread over the iterations. Also
shown: each whole fit, and the load average of the machine (``os.getloadavg``) before and after,
since it is shared.
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
                if name == "mllib":
                    model = MLlibGM(k=K, maxIter=args.iters, tol=0.0, seed=1).fit(df)
                    assert model.summary.numIter == args.iters
                    row["mllib log-lik"] = model.summary.logLikelihood / n
                else:
                    model = emviz_fit(df, name)
                    assert model.numIter == args.iters and model.summary.iterationMode == name
                row[name] = (time.perf_counter() - t, model)
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
    print("\nSeconds per iteration (medians over all iterations of all repeats; ratio = MLlib / "
          "emviz):\n")
    print("| N | MLlib | emviz tasks | ratio | emviz tasks, loop start spread | ratio | emviz jobs "
          "| ratio | MLlib job / emviz jobs job | whole fit MLlib / tasks / jobs | emviz start-up "
          "(+ loop start) | mean log-lik MLlib / emviz |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    med = statistics.median
    for n, fits in runs:
        m_jobs, e_jobs, m_gaps, e_gaps, loop, spread = [], [], [], [], [], []
        for r, row in enumerate(fits):
            # MLlib's jobs: takeSample (its start), then one per iteration (its statistics' collect)
            m = [j for j in all_jobs if j[4] == f"mllib {n} {r}" and any(
                s.startswith("collect at GaussianMixture.scala") for s in j[3])]
            # emviz's jobs mode: the packing pass (with its report), one per iteration, the
            # executor cache's removal
            e = [j for j in all_jobs if j[4] == f"jobs {n} {r}"][1:1 + args.iters]
            m_jobs += m
            e_jobs += e
            m_gaps += gaps(m)
            e_gaps += gaps(e)
            summary = row["tasks"][1].summary
            loop += summary.iterationTimes
            spread.append((summary.loopSetupTime + sum(summary.iterationTimes)) / args.iters)
        im, it, ij = med(m_gaps), med(loop), med(e_gaps)
        sp = med(spread)
        jm, je = med(j[1] for j in m_jobs), med(j[1] for j in e_jobs)
        whole = [med(row[name][0] for row in fits) for name in ("mllib", "tasks", "jobs")]
        first = fits[0]
        t_model = first["tasks"][1]
        ll_m = first["mllib log-lik"]
        print(f"| {n:.0e} | {im:.3f} | {it:.4f} | **{im / it:.1f}×** | {sp:.3f} | "
              f"**{im / sp:.1f}×** | {ij:.3f} | {im / ij:.1f}× | {jm:.3f} / {je:.3f} | "
              f"{whole[0]:.1f} / {whole[1]:.1f} / {whole[2]:.1f} s | "
              f"{t_model.summary.initTime:.1f} s (+ {t_model.summary.loopSetupTime:.2f} s) | "
              f"{ll_m:.4f} / {t_model.lowerBound:.4f} |")
    if os.environ.get("EMVIZ_BENCH_JOBS"):
        for j in all_jobs:
            print(j)


if __name__ == "__main__":
    main()
