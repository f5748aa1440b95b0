#!/usr/bin/env python3
"""Checks an emviz export against scikit-learn.

    .venv/bin/python scripts/sklearn_check.py model.json responsibilities.csv [data.txt]

Loads the exported model JSON (emviz's "Model JSON" button) into a
sklearn.mixture.GaussianMixture -- weights_, means_, covariances_ in scikit-learn's shape for the
covariance type, precisions_cholesky_ from scikit-learn's own helper, converged_, n_iter_,
lower_bound_ -- computes predict_proba on the data and compares it with the responsibilities emviz
exported ("Responsibilities CSV": the data columns, then q1..qK). The data are the CSV's own columns,
or data.txt (whitespace/comma separated, optional header row) if given, which must then equal them.

Exit status 0 when the largest absolute difference is at most 1e-9, 1 otherwise (the differences are
printed), 2 on unreadable input. Needs numpy and scikit-learn (bench/setup_venv.sh installs them).
"""
import csv
import json
import sys

import numpy as np
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _compute_precision_cholesky

TOLERANCE = 1e-9


def to_sklearn(model):
    """A fitted GaussianMixture with the exported parameters."""
    ctype = model["covariance_type"]
    weights = np.asarray(model["weights"], dtype=float)
    means = np.asarray(model["means"], dtype=float)
    k, d = means.shape
    cov = np.asarray(model["covariances"], dtype=float)
    if cov.shape == (k, d, d):  # emviz writes full matrices whatever the type
        if ctype == "diag":
            cov = np.array([np.diag(c) for c in cov])
        elif ctype == "spherical":
            cov = np.array([np.mean(np.diag(c)) for c in cov])
        elif ctype == "tied":
            cov = cov[0]
    gm = GaussianMixture(n_components=k, covariance_type=ctype)
    gm.weights_ = weights
    gm.means_ = means
    gm.covariances_ = cov
    gm.precisions_cholesky_ = _compute_precision_cholesky(cov, ctype)
    gm.converged_ = bool(model.get("converged", False))
    gm.n_iter_ = int(model.get("n_iter", 0))
    gm.lower_bound_ = float(model.get("lower_bound") or np.nan)
    gm.n_features_in_ = d
    return gm


def read_responsibilities(path):
    """(header, data columns n x d, responsibilities n x k) from emviz's CSV."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], np.array([[float(v) for v in r] for r in rows[1:] if r], dtype=float)
    k = sum(1 for h in header if h.startswith("q") and h[1:].isdigit())
    return header, body[:, : len(header) - k], body[:, len(header) - k :]


def read_data(path):
    """A table of numbers; a first line that is not all numbers is a header."""
    with open(path) as f:
        lines = [l.replace(",", " ").replace("\t", " ").split() for l in f if l.strip()]
    try:
        [float(v) for v in lines[0]]
    except ValueError:
        lines = lines[1:]
    return np.array([[float(v) for v in l] for l in lines], dtype=float)


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1]) as f:
            model = json.load(f)
        _, x, resp = read_responsibilities(argv[2])
        data = read_data(argv[3]) if len(argv) == 4 else x
        gm = to_sklearn(model)
    except (OSError, ValueError, KeyError, IndexError) as e:
        print(f"sklearn_check: cannot read the input: {e}", file=sys.stderr)
        return 2
    if data.shape != x.shape or not np.array_equal(data, x):
        print(f"sklearn_check: the data ({data.shape}) differ from the CSV's data columns ({x.shape})")
        return 1
    proba = gm.predict_proba(data)
    if proba.shape != resp.shape:
        print(f"sklearn_check: predict_proba is {proba.shape}, the CSV has {resp.shape}")
        return 1
    diff = np.abs(proba - resp)
    worst = float(diff.max())
    print(
        f"sklearn_check: n = {len(data)}, K = {gm.n_components}, covariance_type = {gm.covariance_type}; "
        f"max |predict_proba - emviz| = {worst:.3e} (tolerance {TOLERANCE:g})"
    )
    if worst <= TOLERANCE:
        return 0
    for i in np.argsort(diff.max(axis=1))[::-1][:5]:
        print(f"  point {i}: sklearn {proba[i]} emviz {resp[i]}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
