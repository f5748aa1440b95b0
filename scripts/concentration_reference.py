#!/usr/bin/env python3
"""Reference counts for the concentration panel's sweep (crates/emviz-app/tests/concentration.rs).

    cargo run -q -p emviz-app --example concentration_start | .venv/bin/python scripts/concentration_reference.py

Reads the page's start on Old Faithful (K = 6, k-means++, seed 0, reg_covar 1e-6: weights, means,
full covariances, and the stopping rule) from stdin, and for both of scikit-learn's
weight_concentration_prior_type values and each weight_concentration_prior of the sweep's grid
(10^-3 ... 10^3 by half decades, as crates/emviz-app/src/concentration.rs rounds them) fits
sklearn.mixture.BayesianGaussianMixture from that start -- its responsibilities under the start,
given to scikit-learn's own _initialize, as emviz's vb_driver::start_from_model does -- and prints
how many components keep an expected weight E[pi_k] > 0.01 (vb_run::IN_USE_WEIGHT), one line per
prior type. Needs numpy and scikit-learn (bench/setup_venv.sh installs them).
"""
import json
import pathlib
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture, GaussianMixture
from sklearn.mixture._gaussian_mixture import _compute_precision_cholesky

ROOT = pathlib.Path(__file__).resolve().parent.parent
IN_USE_WEIGHT = 0.01
GRID = [float(f"{10 ** (-3 + i / 2):.2e}") for i in range(13)]


def start_responsibilities(start, X):
    """q(z) under the start mixture (full covariances), as scikit-learn computes it."""
    covs = np.asarray(start["covariances"], float).reshape(len(start["weights"]), X.shape[1], X.shape[1])
    gm = GaussianMixture(n_components=len(start["weights"]), covariance_type="full")
    gm.weights_ = np.asarray(start["weights"], float)
    gm.means_ = np.asarray(start["means"], float)
    gm.covariances_ = covs
    gm.precisions_cholesky_ = _compute_precision_cholesky(covs, "full")
    return gm.predict_proba(X)


class FromResponsibilities(BayesianGaussianMixture):
    """scikit-learn's variational Bayes started from given responsibilities (``resp``, set
    after construction: scikit-learn's parameters are those of its signature)."""

    resp = None

    def _initialize_parameters(self, X, random_state, xp=None):
        self._initialize(X, self.resp)


def main():
    start = json.load(sys.stdin)
    X = np.loadtxt(ROOT / "data" / "old_faithful.txt")
    resp = start_responsibilities(start, X)
    for prior_type in ["dirichlet_process", "dirichlet_distribution"]:
        counts = []
        for c in GRID:
            vb = FromResponsibilities(
                n_components=len(start["weights"]), covariance_type="full",
                weight_concentration_prior_type=prior_type, weight_concentration_prior=c,
                reg_covar=start["reg_covar"], tol=start["tol"], max_iter=start["max_iter"], n_init=1)
            vb.resp = resp
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                vb.fit(X)
            counts.append(int(np.sum(vb.weights_ > IN_USE_WEIGHT)))
        print(prior_type, " ".join(f"{c:g}:{n}" for c, n in zip(GRID, counts)))


if __name__ == "__main__":
    main()
