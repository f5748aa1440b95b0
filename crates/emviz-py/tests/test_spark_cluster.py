"""emviz.spark's task loop on a pseudo-cluster: Spark's ``local-cluster`` master runs two executor
JVMs (separate processes, as on a cluster) beside the driver, so the tasks reach the driver through
its network address (``spark.driver.host``), not 127.0.0.1.

Runs after test_spark.py (its own SparkContext; one per process at a time).
"""

import numpy as np
import pyarrow  # noqa: F401  (emviz.spark needs it: an import error, never a skip)
import pyspark  # noqa: F401
import pytest
from conftest import make_blobs, spark_session  # noqa: E402


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("spark-cluster")
    with spark_session(tmp, "local-cluster[2,1,1024]", "emviz-cluster-tests") as session:
        yield session


@pytest.mark.parametrize("partitions, loading", [(2, "cache files"), (5, "shuffle")])
def test_the_task_loop_on_two_executors(cluster, partitions, loading):
    """Two executor processes: the loop's tasks connect to the driver's address, get their rows
    (cache files for as many partitions as slots, else a shuffle) and give the bits of one job
    per iteration on the same rows."""
    import pandas as pd
    from emviz.spark import GaussianMixture

    assert not cluster.sparkContext.getConf().get("spark.driver.host").startswith("127.")
    X = make_blobs(n=20000, d=2, k=3, seed=8)
    df = cluster.createDataFrame(pd.DataFrame(X, columns=["a", "b"])).repartition(partitions)
    # Cached, so that both fits see the rows in one order (a shuffle read from two executors
    # delivers them in no fixed order).
    df = df.cache()
    assert df.count() == len(X)
    est = GaussianMixture(k=3, inputCols=["a", "b"], seed=4, tol=0.0, maxIter=4)
    loop = est.fit(df)
    jobs = est.copy({est.iterationMode: "jobs"}).fit(df)
    assert loop.summary.iterationMode == "tasks" and loop.summary.loopLoading == loading
    assert loop.summary.lowerBounds == jobs.summary.lowerBounds
    for a, b in zip(loop.core_model.arrays(), jobs.core_model.arrays()):
        np.testing.assert_array_equal(a, b)
    df.unpersist()
