"""emviz.spark on Spark Connect (a remote SparkSession: no SparkContext, no RDDs, no barrier
jobs): the estimator runs one query per iteration (``summary.iterationMode == "connect"``) and
gives the numbers of the local fit from the same start, sample weights included.

One local Connect server for the whole file (``SparkSession.builder.remote("local[2]")`` starts it
in this process; pyspark ships its jar, the client needs pyspark[connect]'s packages: grpcio,
grpcio-status, googleapis-common-protos, zstandard — crates/emviz-py/requirements-test.txt).
"""

import os
import sys
import warnings

import emviz  # noqa: F401
import grpc  # noqa: F401  (the Connect client's: an import error, never a skip)
import numpy as np
import pytest
from conftest import make_blobs


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("connect")
    # Spark's Python workers must run this interpreter; the executor cache's files go under tmp.
    saved = {key: os.environ.get(key) for key in
             ("PYSPARK_PYTHON", "EMVIZ_SPARK_CACHE_DIR", "SPARK_TESTING")}
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["EMVIZ_SPARK_CACHE_DIR"] = str(tmp / "emviz-cache")
    # (pyspark's switch for an ephemeral server port: runs beside other Connect servers)
    os.environ["SPARK_TESTING"] = "1"
    from pyspark.sql import SparkSession

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (static settings cannot be set again on the client)
        session = (
            SparkSession.builder.remote("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.local.dir", str(tmp / "local"))
            .config("spark.sql.warehouse.dir", str(tmp / "warehouse"))
            .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={tmp}")
            .getOrCreate()
        )
    try:
        assert type(session).__module__ == "pyspark.sql.connect.session"
        yield session
    finally:
        session.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def X():
    return make_blobs(n=900, d=2, k=3, seed=8)


def frame(spark, X, w=None, partitions=3):
    import pandas as pd

    columns = {"a": X[:, 0], "b": X[:, 1]}
    if w is not None:
        columns["w"] = w
    return spark.createDataFrame(pd.DataFrame(columns)).repartition(partitions)


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("weighted, cache", [(True, False), (False, True)])
def test_connect_fit_equals_the_local_fit(spark, X, weighted, cache):
    """From the start the Spark fit drew, a fit over Spark Connect is emviz.GaussianMixture's
    fit on the same rows (weighted with weightCol) to 1e-9, the passes reading the executor cache
    or streaming the cached blocks."""
    from emviz.spark import GaussianMixture

    w = np.random.RandomState(3).uniform(0, 3, size=len(X)) if weighted else None
    est = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType="full", seed=2, tol=1e-8,
                          maxIter=8, executorCache=cache)
    if weighted:
        est.setWeightCol("w")
    m = est.fit(frame(spark, X, w))
    assert m.summary.iterationMode == "connect" and m.summary.numRows == len(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = m.to_sklearn().fit(X, sample_weight=w)
    assert m.numIter == local.n_iter_
    close(m.summary.lowerBounds, local.lower_bounds_)
    close(m.weights, local.weights_)
    close(m.means, local.means_)
    close(m.covariances, local.covariances_)
    close(m.summary.weightSum, len(X) if w is None else w.sum())
    # transform runs there too: MLlib's columns, the local model's labels
    got = m.transform(frame(spark, X, w, partitions=1)).select("a", "b", "prediction").toPandas()
    want = local.predict(got[["a", "b"]].to_numpy())
    assert (got["prediction"].to_numpy() == want).all()


def test_connect_refuses_the_task_loop_and_checks_weights(spark, X):
    from emviz.spark import GaussianMixture

    df = frame(spark, X, np.where(np.arange(len(X)) == 5, -1.0, 1.0), partitions=1)
    with pytest.raises(ValueError, match=r'"tasks" cannot run on a Spark Connect session'):
        GaussianMixture(k=2, inputCols=["a", "b"], iterationMode="tasks").fit(df)
    with pytest.raises(ValueError, match=r"column 'w' \(weightCol\).*is -1"):
        GaussianMixture(k=2, inputCols=["a", "b"], weightCol="w").fit(df)


def test_connect_fits_mclusts_models(spark, X):
    """covarianceType="VEV" over Spark Connect: the passes' Stats carry the model, the driver's
    M-step is VEV's, and the fit is emviz.GaussianMixture(covariance_type="VEV")'s from the same
    start to 1e-9."""
    from emviz.spark import GaussianMixture

    m = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType="VEV", seed=2, tol=1e-8,
                        maxIter=8).fit(frame(spark, X))
    assert m.summary.iterationMode == "connect" and m.core_model.family == "VEV"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = m.to_sklearn().fit(X)
    assert local.covariance_type == "VEV" and m.numIter == local.n_iter_
    close(m.summary.lowerBounds, local.lower_bounds_)
    close(m.weights, local.weights_)
    close(m.means, local.means_)
    close(m.covariances, local.covariances_)
