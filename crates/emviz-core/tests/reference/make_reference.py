#!/usr/bin/env python3
"""Generate the scikit-learn reference values used by emviz-core's Rust tests.

Run from the repository root (see README.md beside this file):

    bash bench/setup_venv.sh
    .venv/bin/python crates/emviz-core/tests/reference/make_reference.py

Writes, into the directory of this script:

* ``<name>.txt`` for every data set: plain text, one point per line, the
  coordinates separated by one space, no header.  Generated sets are printed
  with ``%.17g`` so that a correct decimal-to-double parser (Rust's
  ``str::parse::<f64>``) reads back exactly the doubles used here.
  ``old_faithful.txt`` is a verbatim copy of ``shared/data/old_faithful.txt``
  (its short decimals also parse to the nearest double in both languages).
* ``sklearn_reference.json``: the fits (see README.md for the schema).

Also copies the Old Faithful data verbatim to ``<repo>/data/old_faithful.txt``.

Everything is deterministic: fixed seeds for the data, ``random_state=0`` for
scikit-learn, and all thread pools (BLAS, OpenMP) limited to one thread so
that sums are taken in one fixed order.  The fits are made on the values read
back from the ``.txt`` files, i.e. on exactly what the Rust tests read.
"""

import datetime
import hashlib
import json
import math
import platform
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # pragma: no cover - threadpoolctl is a sklearn dependency
    threadpool_limits = None
    threadpool_info = None

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]  # crates/emviz-core/tests/reference -> repo root
SHARED_FAITHFUL_CANDIDATES = [
    REPO.parent / "shared" / "data" / "old_faithful.txt",
    Path("/work/shared/data/old_faithful.txt"),
]

COVARIANCE_TYPES = ["full", "diag", "spherical", "tied"]
KS = [1, 2, 3, 4, 5]
FIT_SETTINGS = dict(
    n_init=5,
    random_state=0,
    tol=1e-4,
    max_iter=500,
    reg_covar=1e-6,
    init_params="kmeans",
)

# Extra fits recorded under "error_cases": (data set, covariance type, K,
# settings overriding FIT_SETTINGS).  Each has either "error" or a result.
ERROR_CASES = [
    ("degenerate", "full", 1, {"reg_covar": 0.0}),
    ("degenerate", "tied", 1, {"reg_covar": 0.0}),
    ("degenerate", "full", 3, {"reg_covar": 0.0}),
    ("degenerate", "diag", 3, {"reg_covar": 0.0}),
    ("degenerate", "spherical", 3, {"reg_covar": 0.0}),
    ("old_faithful", "full", 273, {"n_init": 1}),
]

# The textbook's Old Faithful run (full covariance, K = 2).
BOOK_SETTINGS = dict(
    n_components=2,
    covariance_type="full",
    weights_init=[0.5, 0.5],
    means_init=[[0.0, 50.0], [0.0, 100.0]],
    precisions_init=[[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]],
    tol=1e-4,
    reg_covar=0.0,
    max_iter=1000,
)
BOOK_EXPECTED = dict(
    weights=[0.356, 0.644],
    means=[[2.04, 54.48], [4.29, 79.97]],
    covariances=[[[0.069, 0.437], [0.437, 33.7]], [[0.170, 0.938], [0.938, 36.0]]],
)
# Relative tolerance used to say "sklearn reproduces the book": the book
# prints 2-4 significant digits.
BOOK_RTOL = 0.01


# ---------------------------------------------------------------- data sets


def random_rotation(rng, d):
    """A uniformly random rotation (orthogonal, det +1) of R^d."""
    q, r = np.linalg.qr(rng.standard_normal((d, d)))
    q = q * np.sign(np.diag(r))
    if np.linalg.det(q) < 0:
        q[:, 0] = -q[:, 0]
    return q


def anisotropic_clusters(rng, counts, means, scales):
    """Points of clusters N(mean_j, R_j diag(scales_j^2) R_j^T), shuffled."""
    parts = []
    for n, mu, s in zip(counts, means, scales):
        mu = np.asarray(mu, dtype=float)
        s = np.asarray(s, dtype=float)
        rot = random_rotation(rng, mu.size)
        z = rng.standard_normal((n, mu.size)) * s
        parts.append(mu + z @ rot.T)
    x = np.vstack(parts)
    return x[rng.permutation(x.shape[0])]


def make_one_d():
    """300 points: 0.4 N(-2, 0.6^2) + 0.6 N(3, 1.2^2) (exact counts 120/180)."""
    rng = np.random.default_rng(20240101)
    a = rng.normal(-2.0, 0.6, size=120)
    b = rng.normal(3.0, 1.2, size=180)
    x = np.concatenate([a, b])
    return x[rng.permutation(x.size)].reshape(-1, 1)


def make_four_d():
    """400 points in 4-D from 3 anisotropic, randomly rotated clusters."""
    rng = np.random.default_rng(20240102)
    return anisotropic_clusters(
        rng,
        counts=[110, 130, 160],
        means=[[0, 0, 0, 0], [6, 2, -3, 1], [-4, 5, 3, -2]],
        scales=[[2.0, 1.0, 0.5, 0.3], [1.5, 1.2, 0.8, 0.4], [2.5, 0.6, 0.6, 0.2]],
    )


def make_high_d():
    """500 points in 10-D from 4 anisotropic, randomly rotated clusters."""
    rng = np.random.default_rng(20240103)
    d = 10
    means = rng.normal(0.0, 4.0, size=(4, d))
    scales = rng.uniform(0.3, 1.8, size=(4, d))
    return anisotropic_clusters(rng, [90, 110, 130, 170], means, scales)


def make_degenerate():
    """120 points in 2-D, all exactly on the line y = 0.5 x - 3, with repeats.

    x takes values k/8 (k integer), so y = 0.5 x - 3 is computed exactly and
    every point lies exactly on the line (the sample covariance is singular).
    90 distinct points in two groups along the line, then 30 exact repeats:
    20 copies of one point (a spike) and 10 repeats of other points.
    """
    rng = np.random.default_rng(20240104)
    k1 = rng.choice(np.arange(-80, -4), size=60, replace=False)  # x in [-10, -0.625]
    k2 = rng.choice(np.arange(20, 70), size=30, replace=False)  # x in [2.5, 8.625]
    xs = np.concatenate([k1, k2]).astype(float) / 8.0
    spike = np.full(20, xs[0])
    repeats = xs[rng.choice(np.arange(1, xs.size), size=10, replace=True)]
    x = np.concatenate([xs, spike, repeats])
    x = x[rng.permutation(x.size)]
    y = 0.5 * x - 3.0
    pts = np.column_stack([x, y])
    assert np.all(pts[:, 1] == 0.5 * pts[:, 0] - 3.0)
    return pts


GENERATED = [
    ("one_d_two_clusters", make_one_d),
    ("four_d", make_four_d),
    ("high_d", make_high_d),
    ("degenerate", make_degenerate),
]


def write_txt(path, x):
    with open(path, "w", newline="\n") as f:
        for row in x:
            f.write(" ".join("%.17g" % v for v in row) + "\n")


def read_txt(path):
    x = np.loadtxt(path, dtype=np.float64, ndmin=2)
    return x


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def find_faithful():
    for p in SHARED_FAITHFUL_CANDIDATES:
        if p.is_file():
            return p
    raise SystemExit(
        "old_faithful.txt not found in: "
        + ", ".join(str(p) for p in SHARED_FAITHFUL_CANDIDATES)
    )


# ---------------------------------------------------------------- fitting


def finite_or_none(v):
    """JSON has no NaN/inf: store them as null (strict parsers reject NaN)."""
    v = float(v)
    return v if math.isfinite(v) else None


def tolist(a):
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return finite_or_none(a)
    return [tolist(r) for r in a]


def fit_one(x, k, ct, **overrides):
    entry = {"k": k}
    settings = dict(FIT_SETTINGS, **overrides)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            gm = GaussianMixture(n_components=k, covariance_type=ct, **settings)
            gm.fit(x)
            entry.update(
                mean_log_likelihood=finite_or_none(gm.score(x)),
                bic=finite_or_none(gm.bic(x)),
                aic=finite_or_none(gm.aic(x)),
                lower_bound=finite_or_none(gm.lower_bound_),
                n_parameters=int(gm._n_parameters()),
                converged=bool(gm.converged_),
                n_iter=int(gm.n_iter_),
                weights=tolist(gm.weights_),
                means=tolist(gm.means_),
                covariances=tolist(gm.covariances_),
            )
        except Exception as e:  # noqa: BLE001 - record every failure
            entry["error"] = "%s: %s" % (type(e).__name__, e)
    msgs = sorted({"%s: %s" % (w.category.__name__, w.message) for w in caught})
    if msgs:
        entry["warnings"] = msgs
    return entry


def bic_best(fits):
    ok = [f for f in fits if "error" not in f and f["bic"] is not None]
    if not ok:
        return None
    return min(ok, key=lambda f: (f["bic"], f["k"]))["k"]


def book_run(x):
    s = dict(BOOK_SETTINGS)
    gm = GaussianMixture(
        n_components=s["n_components"],
        covariance_type=s["covariance_type"],
        weights_init=np.array(s["weights_init"]),
        means_init=np.array(s["means_init"]),
        precisions_init=np.array(s["precisions_init"]),
        tol=s["tol"],
        reg_covar=s["reg_covar"],
        max_iter=s["max_iter"],
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gm.fit(x)
    got = dict(
        weights=gm.weights_, means=gm.means_, covariances=gm.covariances_
    )
    max_rel = {
        key: float(
            np.max(np.abs(got[key] - np.array(exp)) / np.maximum(np.abs(exp), 1e-12))
        )
        for key, exp in BOOK_EXPECTED.items()
    }
    reproduces = all(v <= BOOK_RTOL for v in max_rel.values())
    out = {
        "dataset": "old_faithful",
        "settings": s,
        "mean_log_likelihood": finite_or_none(gm.score(x)),
        "bic": finite_or_none(gm.bic(x)),
        "aic": finite_or_none(gm.aic(x)),
        "lower_bound": finite_or_none(gm.lower_bound_),
        "n_parameters": int(gm._n_parameters()),
        "converged": bool(gm.converged_),
        "n_iter": int(gm.n_iter_),
        "weights": tolist(gm.weights_),
        "means": tolist(gm.means_),
        "covariances": tolist(gm.covariances_),
        "book_expected": BOOK_EXPECTED,
        "book_rtol": BOOK_RTOL,
        "max_rel_diff_to_book": max_rel,
        "reproduces_book": reproduces,
    }
    msgs = sorted({"%s: %s" % (w.category.__name__, w.message) for w in caught})
    if msgs:
        out["warnings"] = msgs
    return out


# ---------------------------------------------------------------- JSON output


def dump_json(obj, indent=0):
    """Objects one key per line; arrays of numbers (and nested arrays) inline."""
    pad = "  " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [
            "%s  %s: %s" % (pad, json.dumps(k), dump_json(v, indent + 1))
            for k, v in obj.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and any(isinstance(v, dict) for v in obj):
        items = ["%s  %s" % (pad, dump_json(v, indent + 1)) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, allow_nan=False, separators=(", ", ": "))


def main():
    np.seterr(all="ignore")
    faithful_src = find_faithful()
    data_dir = REPO / "data"
    data_dir.mkdir(exist_ok=True)
    shutil.copyfile(faithful_src, data_dir / "old_faithful.txt")
    shutil.copyfile(faithful_src, HERE / "old_faithful.txt")
    for name, make in GENERATED:
        write_txt(HERE / (name + ".txt"), make())

    names = ["old_faithful"] + [n for n, _ in GENERATED]
    blas = []
    if threadpool_info is not None:
        keys = ("user_api", "internal_api", "version", "architecture")
        blas = sorted(
            ({k: i.get(k) for k in keys} for i in threadpool_info()),
            key=lambda d: tuple(str(d[k]) for k in keys),
        )
        # numpy and scipy each bundle an OpenBLAS: list each kind once.
        blas = [d for i, d in enumerate(blas) if d not in blas[:i]]

    out = {
        "generator": {
            "script": "crates/emviz-core/tests/reference/make_reference.py",
            "command": ".venv/bin/python crates/emviz-core/tests/reference/make_reference.py",
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit_learn": sklearn.__version__,
            "threadpools": blas,
            "fit_settings": FIT_SETTINGS,
            "covariance_types": COVARIANCE_TYPES,
            "ks": KS,
            "notes": (
                "mean_log_likelihood = gm.score(X) (mean per-sample log density, "
                "natural log); bic = -2 n score + p ln n; aic = -2 n score + 2 p; "
                "p = n_parameters = gm._n_parameters(). Covariance shapes: "
                "full [K][d][d], tied [d][d], diag [K][d], spherical [K]. "
                "Non-finite numbers are stored as null. A failed fit has "
                "only k, error (and warnings)."
            ),
        },
        "datasets": {},
    }

    for name in names:
        path = HERE / (name + ".txt")
        x = read_txt(path)
        ds = {
            "file": name + ".txt",
            "sha256": sha256(path),
            "n_samples": int(x.shape[0]),
            "n_features": int(x.shape[1]),
            "fits": {},
            "bic_best_k": {},
        }
        for ct in COVARIANCE_TYPES:
            fits = [fit_one(x, k, ct) for k in KS]
            ds["fits"][ct] = fits
            ds["bic_best_k"][ct] = bic_best(fits)
            for f in fits:
                if "error" in f:
                    status = "ERROR " + f["error"][:60]
                else:
                    status = "ll=%.6f bic=%.3f iter=%d conv=%s" % (
                        f["mean_log_likelihood"] if f["mean_log_likelihood"] is not None else float("nan"),
                        f["bic"] if f["bic"] is not None else float("nan"),
                        f["n_iter"],
                        f["converged"],
                    )
                print("%-20s %-9s K=%d %s" % (name, ct, f["k"], status), file=sys.stderr)
        print("%-20s bic_best_k %s" % (name, ds["bic_best_k"]), file=sys.stderr)
        out["datasets"][name] = ds

    # Cases where scikit-learn refuses to fit (what emviz should also reject
    # or handle): singular covariances without regularisation, K > n.
    out["error_cases"] = []
    for name, ct, k, overrides in ERROR_CASES:
        x = read_txt(HERE / (name + ".txt"))
        entry = fit_one(x, k, ct, **overrides)
        case = {"dataset": name, "covariance_type": ct, "overrides": overrides}
        case.update(entry)
        out["error_cases"].append(case)
        print("error case %s %s K=%d %s: %s" % (
            name, ct, k, overrides, entry.get("error", "no error")), file=sys.stderr)

    x = read_txt(HERE / "old_faithful.txt")
    book = book_run(x)
    out["book_run"] = book

    (HERE / "sklearn_reference.json").write_text(dump_json(out) + "\n")

    print("book run (old_faithful, full, K=2): reproduces book: %s" % book["reproduces_book"])
    print("  weights     %s" % np.round(book["weights"], 4).tolist())
    print("  means       %s" % np.round(book["means"], 3).tolist())
    print("  covariances %s" % np.round(book["covariances"], 3).tolist())
    print("  score %.10f  n_iter %d  converged %s" % (book["mean_log_likelihood"], book["n_iter"], book["converged"]))
    print("  max relative difference to the book: %s" % book["max_rel_diff_to_book"])
    print("wrote %s" % (HERE / "sklearn_reference.json"))


if __name__ == "__main__":
    if threadpool_limits is not None:
        with threadpool_limits(limits=1):
            main()
    else:
        main()
