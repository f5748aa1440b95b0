import contextlib
import os
import pathlib
import sys

# check_estimator's check_array_api_input runs only with scipy's array-API mode on; it must be
# set before scipy is first imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[3]

# The only skips a run may have, by the start of their reason, each with why. Any other skip (or
# a module skipped at collection) fails the run: a missing dependency is an error, not a skip.
ALLOWED_SKIPS = {
    "EMVIZ_SKIP_NOTEBOOK=1": "a local run left the JupyterLab test out (refused when CI is set)",
}
if os.environ.get("CI") and os.environ.get("EMVIZ_SKIP_NOTEBOOK") == "1":
    raise pytest.UsageError("EMVIZ_SKIP_NOTEBOOK=1 is refused when CI is set: CI runs every test.")
_unexpected_skips = []


def _skip_reason(report):
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def _note_skip(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        if not any(reason.startswith(allowed) for allowed in ALLOWED_SKIPS):
            _unexpected_skips.append(f"{report.nodeid}: {reason}")


def pytest_runtest_logreport(report):
    _note_skip(report)


def pytest_collectreport(report):
    _note_skip(report)


def pytest_sessionfinish(session, exitstatus):
    if _unexpected_skips:
        print("\nunexpected skips (each must be fixed or listed in conftest.ALLOWED_SKIPS):")
        for line in _unexpected_skips:
            print(f"  {line}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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


@contextlib.contextmanager
def spark_session(tmp, master, name):
    """A SparkSession on ``master`` whose files (executor cache, warehouse, local dir, Derby) go
    under ``tmp``; stopped on leaving."""
    # Spark's Python workers must run this interpreter (the one with emviz, numpy, pyarrow).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    # The executor cache's files go here (Spark's workers inherit the environment).
    os.environ["EMVIZ_SPARK_CACHE_DIR"] = str(tmp / "emviz-cache")
    session = (
        SparkSession.builder.master(master)
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.warehouse.dir", str(tmp / "warehouse"))
        .config("spark.local.dir", str(tmp / "local"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={tmp}")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
