import os
import pathlib

# check_estimator's check_array_api_input runs only with scipy's array-API mode on; it must be
# set before scipy is first imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def faithful():
    return np.loadtxt(REPO / "data" / "old_faithful.txt")


def make_blobs(n=1500, d=3, k=3, seed=0):
    """k Gaussian clusters with random full covariances (numpy only)."""
    rs = np.random.RandomState(seed)
    centers = rs.uniform(-8, 8, size=(k, d))
    labels = rs.randint(k, size=n)
    X = np.empty((n, d))
    for j in range(k):
        a = rs.normal(size=(d, d)) * 0.8
        cov = a @ a.T + 0.3 * np.eye(d)
        idx = labels == j
        X[idx] = rs.multivariate_normal(centers[j], cov, idx.sum())
    return X


@pytest.fixture(scope="session")
def blobs():
    return make_blobs()
