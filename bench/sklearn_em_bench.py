#!/usr/bin/env python3
"""Time scikit-learn's EM iterations (GaussianMixture, full covariance) on one core.

Usage (from the repository root, after ``bash bench/setup_venv.sh``):

    .venv/bin/python bench/sklearn_em_bench.py --n 10000 100000 1000000 \
        --k 5 --iters 20 --data-dir /tmp/emviz-bench
    .venv/bin/python bench/sklearn_em_bench.py --n 10000 100000 1000000 \
        --data-dir /tmp/emviz-bench --generate-only

Data: for each N, ``DIR/blobs_<N>.txt`` is read if it exists, otherwise
generated deterministically (numpy ``default_rng(42)``, independent of the
other N) and written: N points in 2-D from 5 Gaussian blobs, one point per
line, the two coordinates printed with ``%.17g`` and separated by one space,
no header, ``\\n`` line ends.  emviz reads the same files, so both programs fit
bit-identical doubles.

What is timed (``--method loop``, the default): one
``GaussianMixture(k, covariance_type='full', max_iter=1, tol=0, n_init=1,
init_params='random_from_data', random_state=0).fit(X)`` initialises the model
(and warms caches); then ``iters`` EM iterations are run by calling
``gm._e_step(X)`` and ``gm._m_step(X, log_resp)`` -- exactly the two calls
that the body of scikit-learn's ``fit`` loop makes per iteration (it also
computes the lower bound, which is the already-returned mean log-likelihood,
and compares it with ``tol``: negligible).  Each iteration is timed with
``time.perf_counter``; a repeat's figure is the total over the iterations
divided by ``iters``.  Input validation, initialisation and the final E-step of
``fit`` are not counted.  With ``--repeats R`` the whole measurement is made R
times: ``sklearn_ms_per_iter`` is the median of the R figures,
``sklearn_ms_per_iter_min`` / ``_max`` their range, ``repeat_ms_per_iter``
lists every repeat, and ``iter_median_ms`` / ``iter_min_ms`` are the median
and smallest single iteration over all repeats.

``--method fit-diff`` (or ``both``) cross-checks through the public API:
(time of ``fit`` with ``max_iter=iters, tol=0``  minus  time of ``fit`` with
``max_iter=0``) / ``iters``.  Both fits pay the same validation,
initialisation and final E-step, so the difference is ``iters`` EM iterations.

One core: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS (and a few
others) are set to 1 before numpy is imported, and threadpoolctl limits every
pool to 1 thread as well.  OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, if set in the
environment, are removed in this process only (they make numpy slower), and
the BLAS kernel that threadpoolctl reports is printed on stderr.

Output: one JSON object per N on stdout, e.g.
``{"n": 10000, "sklearn_ms_per_iter": 9.7, "iters": 20, ...}``.
Everything else (BLAS info, progress) goes to stderr.
"""

import os
import sys

# ---- before numpy is imported -------------------------------------------
for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
):
    os.environ[_var] = "1"
UNSET_ENV = {}
for _var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    if _var in os.environ:
        UNSET_ENV[_var] = os.environ.pop(_var)

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.mixture import GaussianMixture  # noqa: E402

try:
    from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402
except ImportError:  # pragma: no cover
    threadpool_info = None
    threadpool_limits = None

SEED = 42
# The 5 blobs: weight, mean, covariance.
BLOBS = [
    (0.30, (-6.0, -4.0), ((2.0, 0.6), (0.6, 1.0))),
    (0.25, (0.0, 6.0), ((1.0, -0.3), (-0.3, 0.5))),
    (0.20, (5.0, -2.0), ((0.8, 0.0), (0.0, 2.5))),
    (0.15, (8.0, 7.0), ((1.5, 1.1), (1.1, 1.2))),
    (0.10, (-3.0, 2.0), ((0.3, 0.0), (0.0, 0.3))),
]


def generate_blobs(n):
    """N 2-D points from the 5 blobs; depends only on N (seed 42)."""
    rng = np.random.default_rng(SEED)
    weights = np.array([b[0] for b in BLOBS])
    labels = rng.choice(len(BLOBS), size=n, p=weights)
    z = rng.standard_normal((n, 2))
    x = np.empty((n, 2))
    for j, (_, mean, cov) in enumerate(BLOBS):
        idx = labels == j
        chol = np.linalg.cholesky(np.array(cov))
        x[idx] = np.array(mean) + z[idx] @ chol.T
    return x


def data_path(data_dir, n):
    return Path(data_dir) / ("blobs_%d.txt" % n)


def ensure_data(data_dir, n):
    path = data_path(data_dir, n)
    if not path.is_file():
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        x = generate_blobs(n)
        tmp = path.with_suffix(".txt.tmp")
        np.savetxt(tmp, x, fmt="%.17g", delimiter=" ", newline="\n")
        os.replace(tmp, path)
        log("wrote %s" % path)
    return path


def load(path):
    x = np.loadtxt(path, dtype=np.float64, ndmin=2)
    if x.shape[1] != 2:
        raise SystemExit("%s: expected 2 columns, got %d" % (path, x.shape[1]))
    return x


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def make_gm(k, max_iter):
    return GaussianMixture(
        n_components=k,
        covariance_type="full",
        max_iter=max_iter,
        tol=0.0,
        n_init=1,
        init_params="random_from_data",
        random_state=0,
    )


def time_loop(x, k, iters):
    """Per-iteration wall time of E-step + M-step, after one fit(max_iter=1)."""
    gm = make_gm(k, 1)
    gm.fit(x)
    times = []
    log_prob_norm = None
    for _ in range(iters):
        t0 = time.perf_counter()
        log_prob_norm, log_resp = gm._e_step(x)
        gm._m_step(x, log_resp)
        times.append(time.perf_counter() - t0)
    return times, float(log_prob_norm)


def time_fit_diff(x, k, iters):
    """(fit with max_iter=iters) - (fit with max_iter=0), per iteration."""
    t0 = time.perf_counter()
    make_gm(k, 0).fit(x)
    t_init = time.perf_counter() - t0
    gm = make_gm(k, iters)
    t0 = time.perf_counter()
    gm.fit(x)
    t_full = time.perf_counter() - t0
    return (t_full - t_init) / iters, gm.n_iter_, float(gm.lower_bound_)


def blas_report():
    if threadpool_info is None:
        return []
    out = []
    for i in threadpool_info():
        out.append(
            {
                k: i.get(k)
                for k in ("user_api", "internal_api", "version", "architecture",
                          "num_threads", "filepath")
            }
        )
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10000, 100000, 1000000])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--iters", type=int, default=20)
    ap.add_argument("--data-dir", default="/tmp/emviz-bench")
    ap.add_argument("--generate-only", action="store_true",
                    help="write the missing data files and exit")
    ap.add_argument("--method", choices=["loop", "fit-diff", "both"], default="loop",
                    help="loop: time _e_step+_m_step per iteration (default); "
                         "fit-diff: (fit(max_iter=iters) - fit(max_iter=0))/iters")
    ap.add_argument("--repeats", type=int, default=1,
                    help="time the whole measurement R times and report the "
                         "median and range (min, max) of the R figures")
    args = ap.parse_args()
    if args.repeats < 1 or args.iters < 1:
        ap.error("--repeats and --iters must be >= 1")

    if args.generate_only:
        for n in args.n:
            log("%s" % ensure_data(args.data_dir, n))
        return

    if threadpool_limits is not None:
        threadpool_limits(limits=1)
    if UNSET_ENV:
        log("unset in this process: %s" % ", ".join(
            "%s=%s" % kv for kv in sorted(UNSET_ENV.items())))
    blas = blas_report()
    for b in blas:
        log("threadpoolctl: %s %s %s kernel=%s num_threads=%s" % (
            b["user_api"], b["internal_api"], b["version"], b["architecture"],
            b["num_threads"]))
    if any(b["num_threads"] not in (1, None) for b in blas):
        log("WARNING: a thread pool is not limited to 1 thread")
    log("numpy %s, scikit-learn %s" % (np.__version__, sklearn.__version__))
    kernels = sorted({str(b["architecture"]) for b in blas if b["user_api"] == "blas"})

    warnings.simplefilter("ignore", ConvergenceWarning)  # tol=0 never converges
    for n in args.n:
        x = load(ensure_data(args.data_dir, n))
        row = {"n": n}
        if args.method in ("loop", "both"):
            runs = [time_loop(x, args.k, args.iters) for _ in range(args.repeats)]
            means = [1e3 * sum(t) / len(t) for t, _ in runs]
            every = [1e3 * v for t, _ in runs for v in t]
            row["sklearn_ms_per_iter"] = statistics.median(means)
            row["sklearn_ms_per_iter_min"] = min(means)
            row["sklearn_ms_per_iter_max"] = max(means)
            row["repeat_ms_per_iter"] = means
            row["iter_median_ms"] = statistics.median(every)
            row["iter_min_ms"] = min(every)
            row["final_mean_log_likelihood"] = runs[-1][1]
        if args.method in ("fit-diff", "both"):
            diffs = [time_fit_diff(x, args.k, args.iters) for _ in range(args.repeats)]
            per_iter = [1e3 * d[0] for d in diffs]
            key = "sklearn_ms_per_iter" if args.method == "fit-diff" else "fit_diff_ms_per_iter"
            row[key] = statistics.median(per_iter)
            row[key + "_min"] = min(per_iter)
            row[key + "_max"] = max(per_iter)
            if args.method == "fit-diff":
                row["final_mean_log_likelihood"] = diffs[-1][2]
        row.update(
            iters=args.iters,
            repeats=args.repeats,
            k=args.k,
            d=int(x.shape[1]),
            method=args.method,
            threads=1,
            blas_kernel=",".join(kernels),
            sklearn=sklearn.__version__,
            numpy=np.__version__,
        )
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
