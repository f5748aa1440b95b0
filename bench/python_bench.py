#!/usr/bin/env python3
"""Fit time of ``emviz.GaussianMixture`` vs scikit-learn's ``GaussianMixture`` (and, with
``--bayes``, of ``emviz.BayesianGaussianMixture`` vs scikit-learn's ``BayesianGaussianMixture``),
same data, same start, same iterations, in the same run.

Usage (from the repository root, after ``scripts/test.sh`` or ``bash bench/setup_venv.sh`` and
``pip install ./crates/emviz-py`` into .venv):

    .venv/bin/python bench/python_bench.py                  # N = 1e5 and 1e6, K = 5
    .venv/bin/python bench/python_bench.py --n 1e4 1e5 --iters 20 --repeats 3
    .venv/bin/python bench/python_bench.py --bayes --n 1e5 --k 10   # variational Bayes

Data: N points in 2-D from five Gaussian blobs (numpy ``default_rng(42)``). Start: the same
``weights_init``, ``means_init`` (5 data points) and ``precisions_init`` (the inverse of the
data's covariance) for both, ``init_params="random_from_data"`` (so neither spends time on a
k-means that the given start would override), full covariances, ``reg_covar=1e-6``, and exactly
``--iters`` EM iterations (``tol=0``, ``max_iter=iters``; the ConvergenceWarning is silenced).
What is timed is the whole public ``fit(X)`` call (validation, start, EM, for scikit-learn its
final E-step too), ``--repeats`` times: each figure is the median with the range [min–max], and
every ratio is of medians.

Threads: scikit-learn once with its BLAS/OpenMP pools limited to one thread (threadpoolctl) and
once as it comes (its BLAS may use every core); the faster of the two is the baseline of both
ratios (the lower median). emviz with ``n_threads=1`` ("1 thread") and ``n_threads=None`` ("all cores").
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, if set, are removed in this process only (they slow numpy
down on these machines). The script also checks that both fits agree (max |Δ means_|).

``--bayes``: the same data and thread settings, ``BayesianGaussianMixture`` with K = ``--k``
(default 10: five blobs, five surplus components), a Dirichlet-process prior (scikit-learn's
default priors), full covariances, the same start for both (``init_params="random_from_data"``,
``random_state=0``: the VB M-step from the same K one-hot responsibilities) and exactly
``--iters`` iterations.
"""

import os

for _var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(_var, None)

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import emviz  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.mixture import BayesianGaussianMixture as SkBayesianGaussianMixture  # noqa: E402
from sklearn.mixture import GaussianMixture as SkGaussianMixture  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

K = 5


def blobs(n):
    rng = np.random.default_rng(42)
    centres = np.array([[0.0, 0.0], [6.0, 1.0], [2.0, 7.0], [-5.0, 4.0], [-3.0, -6.0]])
    scales = np.array([1.0, 0.7, 1.3, 0.9, 1.1])
    labels = rng.integers(0, K, size=n)
    X = centres[labels] + rng.standard_normal((n, 2)) * scales[labels, None]
    return np.ascontiguousarray(X)


def start(X):
    rng = np.random.default_rng(0)
    means = X[rng.choice(len(X), K, replace=False)]
    prec = np.linalg.inv(np.cov(X.T))
    return dict(
        weights_init=np.full(K, 1.0 / K),
        means_init=means,
        precisions_init=np.array([prec] * K),
        init_params="random_from_data",
        random_state=0,
    )


def timed_fit(cls, X, repeats, **kw):
    """(the seconds of `repeats` fits, the last fitted model)."""
    times, model = [], None
    for _ in range(repeats):
        model = cls(**kw)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            model.fit(X)
            times.append(time.perf_counter() - t0)
    return times, model


def show(times, digits):
    """median [min–max] of `times`."""
    med = statistics.median(times)
    if len(times) == 1:
        return f"{med:.{digits}f} s"
    return f"{med:.{digits}f} s [{min(times):.{digits}f}–{max(times):.{digits}f}]"


def timings(**runs):
    """The JSON fields of named lists of seconds: median, min and max of each."""
    out = {}
    for name, t in runs.items():
        out[name + "_s"] = round(statistics.median(t), 5)
        out[name + "_s_min"] = round(min(t), 5)
        out[name + "_s_max"] = round(max(t), 5)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", nargs="+", type=float, default=[1e5, 1e6])
    p.add_argument("--iters", type=int, default=20)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--bayes", action="store_true", help="variational Bayes instead of EM")
    p.add_argument("--k", type=int, default=10, help="K of the variational Bayes fit (--bayes)")
    args = p.parse_args()
    if args.bayes:
        bayes(args)
        return
    cores = emviz._core.available_threads()
    print(
        f"emviz {emviz.__version__} vs scikit-learn, K = {K}, d = 2, full, {args.iters} iterations, "
        f"median [min–max] of {args.repeats}; {cores} core(s); "
        f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}",
        file=sys.stderr,
    )
    rows = []
    for n in (int(v) for v in args.n):
        X = blobs(n)
        common = dict(n_components=K, covariance_type="full", tol=0.0, max_iter=args.iters, **start(X))
        with threadpool_limits(1):
            sk1, skm = timed_fit(SkGaussianMixture, X, args.repeats, **common)
        skn, _ = timed_fit(SkGaussianMixture, X, args.repeats, **common)
        em1, emm = timed_fit(emviz.GaussianMixture, X, args.repeats, n_threads=1, **common)
        emn, emn_m = timed_fit(emviz.GaussianMixture, X, args.repeats, n_threads=None, **common)
        med = statistics.median
        base = min(med(sk1), med(skn))
        row = dict(
            n=n,
            iters=args.iters,
            repeats=args.repeats,
            **timings(sklearn_1thread=sk1, sklearn_all=skn, emviz_1thread=em1, emviz_all=emn),
            speedup_1thread=round(base / med(em1), 1),
            speedup_all=round(base / med(emn), 1),
            threads=cores,
            n_iter=[skm.n_iter_, emm.n_iter_, emn_m.n_iter_],
            max_abs_diff_means=float(np.abs(skm.means_ - emm.means_).max()),
            max_abs_diff_lower_bound=float(abs(skm.lower_bound_ - emm.lower_bound_)),
        )
        rows.append((row, sk1, skn, em1, emn))
        print(json.dumps(row), file=sys.stderr)
    print()
    print("| N | scikit-learn 1 thread | scikit-learn as it comes | emviz 1 thread | speed-up | "
          f"emviz all cores ({cores}) | speed-up | max abs diff of means_ |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r, sk1, skn, em1, emn in rows:
        print(
            f"| {r['n']:.0e} | {show(sk1, 3)} | {show(skn, 3)} | "
            f"{show(em1, 4)} | **{r['speedup_1thread']}×** | {show(emn, 4)} | "
            f"**{r['speedup_all']}×** | {r['max_abs_diff_means']:.1e} |"
        )


def bayes(args):
    """BayesianGaussianMixture: emviz vs scikit-learn (see the module documentation)."""
    cores = emviz._core.available_threads()
    print(
        f"emviz {emviz.__version__} vs scikit-learn, BayesianGaussianMixture, K = {args.k}, d = 2, "
        f"full, dirichlet_process, {args.iters} iterations, median [min–max] of {args.repeats}; "
        f"{cores} core(s); load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}",
        file=sys.stderr,
    )
    rows = []
    for n in (int(v) for v in args.n):
        X = blobs(n)
        common = dict(n_components=args.k, covariance_type="full", tol=0.0, max_iter=args.iters,
                      init_params="random_from_data", random_state=0)
        with threadpool_limits(1):
            sk1, skm = timed_fit(SkBayesianGaussianMixture, X, args.repeats, **common)
        skn, _ = timed_fit(SkBayesianGaussianMixture, X, args.repeats, **common)
        em1, emm = timed_fit(emviz.BayesianGaussianMixture, X, args.repeats, n_threads=1, **common)
        emn, _ = timed_fit(emviz.BayesianGaussianMixture, X, args.repeats, n_threads=None, **common)
        med = statistics.median
        base = min(med(sk1), med(skn))
        row = dict(
            n=n, k=args.k, iters=args.iters, repeats=args.repeats,
            **timings(sklearn_1thread=sk1, sklearn_all=skn, emviz_1thread=em1, emviz_all=emn),
            speedup_1thread=round(base / med(em1), 1), speedup_all=round(base / med(emn), 1),
            threads=cores,
            max_rel_diff_weights=float(np.max(np.abs(skm.weights_ - emm.weights_) / np.abs(skm.weights_))),
            max_abs_diff_means=float(np.abs(skm.means_ - emm.means_).max()),
            rel_diff_lower_bound=float(abs((skm.lower_bound_ - emm.lower_bound_) / skm.lower_bound_).max()),
            kept=int((emm.weights_ > 0.01).sum()),
        )
        rows.append((row, sk1, skn, em1, emn))
        print(json.dumps(row), file=sys.stderr)
    print()
    print("| N | K | scikit-learn 1 thread | scikit-learn as it comes | emviz 1 thread | speed-up | "
          f"emviz all cores ({cores}) | speed-up | max abs diff of means_ |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r, sk1, skn, em1, emn in rows:
        print(
            f"| {r['n']:.0e} | {r['k']} | {show(sk1, 3)} | {show(skn, 3)} | "
            f"{show(em1, 4)} | **{r['speedup_1thread']}×** | {show(emn, 4)} | "
            f"**{r['speedup_all']}×** | {r['max_abs_diff_means']:.1e} |"
        )


if __name__ == "__main__":
    main()
