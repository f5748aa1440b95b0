"""emviz.spark's ``weightCol`` (MLlib's name) on a real Spark (local mode): a weighted Spark fit
is the local weighted fit (``emviz.GaussianMixture.fit(X, sample_weight=w)``) from the same start,
whatever the partitioning and the iteration mode; integer weights fit as repeated rows, a zero
weight as a dropped row; bad weights are a ValueError naming the column.

One SparkSession (local[2]) for the whole file.
"""

import warnings

import emviz  # noqa: F401
import numpy as np
import pyarrow  # noqa: F401  (emviz.spark needs it: an import error, never a skip)
import pyspark  # noqa: F401
import pytest
from conftest import make_blobs, spark_session


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    with spark_session(tmp_path_factory.mktemp("spark"), "local[2]", "emviz-weights") as session:
        yield session


@pytest.fixture(scope="module")
def X():
    return make_blobs(n=900, d=2, k=3, seed=5)


@pytest.fixture(scope="module")
def w(X):
    """Weights with zeros, integers and fractions."""
    rs = np.random.RandomState(2)
    w = rs.randint(0, 4, size=len(X)).astype(float)
    w[::5] += rs.uniform(0, 1, size=len(w[::5]))
    return w


def weighted_frame(spark, X, w, partitions=3, wtype="double"):
    import pandas as pd

    pdf = pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "w": w})
    df = spark.createDataFrame(pdf).repartition(partitions)
    return df.withColumn("w", df["w"].cast(wtype))


def one_bad_weight(spark, X, value):
    """One partition, the rows in X's order, weights 1 but ``value`` on the 4th row (point 4)."""
    from pyspark.sql import functions as F

    df = weighted_frame(spark, X, np.ones(len(X)), partitions=1)
    bad = F.lit(value).cast("double")
    return df.withColumn("w", F.when(F.monotonically_increasing_id() == 3, bad).otherwise(df["w"]))


def close(a, b, rtol=1e-9, atol=1e-12):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


def assert_same_fit(a, b):
    """Two fits (emviz.spark models or scikit-learn-style estimators) agree to 1e-9."""
    ga = a.to_sklearn() if hasattr(a, "to_sklearn") else a
    gb = b.to_sklearn() if hasattr(b, "to_sklearn") else b
    close(ga.weights_, gb.weights_)
    close(ga.means_, gb.means_)
    close(ga.covariances_, gb.covariances_)


@pytest.mark.parametrize(
    "partitions, mode, t",
    [(1, "tasks", "full"), (3, "jobs", "diag"), (7, "tasks", "tied"), (7, "jobs", "full")],
)
def test_weighted_spark_fit_equals_the_local_weighted_fit(spark, X, w, partitions, mode, t):
    """From the start Spark drew (k-means on the sample's rows of positive weight, weighted), the
    Spark fit is emviz.GaussianMixture.fit(X, sample_weight=w) to 1e-9, for any partitioning."""
    from emviz.spark import GaussianMixture

    df = weighted_frame(spark, X, w, partitions)
    m = GaussianMixture(k=3, inputCols=["a", "b"], weightCol="w", covarianceType=t, seed=4,
                        tol=1e-8, maxIter=12, iterationMode=mode).fit(df)
    assert m.summary.iterationMode == mode and m.summary.numRows == len(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = m.to_sklearn().fit(X, sample_weight=w)
    assert m.numIter == local.n_iter_ and m.converged == local.converged_
    close(m.summary.lowerBounds, local.lower_bounds_)
    assert_same_fit(m, local)
    # the core's n with weights is Σ w: in the log-likelihood (and so in BIC)
    close(m.summary.weightSum, w.sum())
    close(m.summary.logLikelihood, m.summary.lowerBound * w.sum())


def test_integer_weights_fit_as_repeated_rows_and_zero_as_dropped(spark, X):
    from emviz.spark import GaussianMixture

    rs = np.random.RandomState(7)
    counts = rs.randint(0, 3, size=len(X))
    start = emviz.GaussianMixture(n_components=3, random_state=1, max_iter=0).fit(X)
    est = GaussianMixture(k=3, inputCols=["a", "b"], initialModel=start, tol=1e-8, maxIter=15,
                          iterationMode="jobs")
    weighted = est.copy({est.weightCol: "w"}).fit(weighted_frame(spark, X, counts, 3, "int"))
    repeated = est.fit(weighted_frame(spark, np.repeat(X, counts, axis=0),
                                      np.ones(counts.sum()), 4))
    assert weighted.numIter == repeated.numIter
    close(weighted.summary.lowerBounds, repeated.summary.lowerBounds)
    assert_same_fit(weighted, repeated)
    # zero weights: the rows dropped (counts has zeros, ones and twos)
    ones = (counts > 0).astype(float)
    zeroed = est.copy({est.weightCol: "w"}).fit(weighted_frame(spark, X, ones, 5))
    dropped = est.fit(weighted_frame(spark, X[counts > 0], ones[counts > 0], 2))
    close(zeroed.summary.lowerBounds, dropped.summary.lowerBounds)
    assert_same_fit(zeroed, dropped)
    assert zeroed.summary.numRows == len(X) and dropped.summary.numRows == int((counts > 0).sum())


@pytest.mark.parametrize(
    "value, words",
    [(-1.5, "the weight of point 4 is -1.5"), (float("nan"), "the weight of point 4 is NaN"),
     (float("inf"), "the weight of point 4 is inf"), (None, "1 null value(s) in partition 0")],
)
def test_a_bad_weight_names_the_column_and_the_row(spark, X, value, words):
    from emviz.spark import GaussianMixture

    df = one_bad_weight(spark, X, value)
    with pytest.raises(ValueError) as e:
        GaussianMixture(k=2, inputCols=["a", "b"], weightCol="w", maxIter=2).fit(df)
    assert "'w' (weightCol)" in str(e.value) and words in str(e.value), str(e.value)
    # whatever handleInvalid (it is about the features)
    with pytest.raises(ValueError, match="weightCol"):
        GaussianMixture(k=2, inputCols=["a", "b"], weightCol="w", maxIter=2,
                        handleInvalid="skip").fit(df)


def test_weights_all_zero_or_not_numbers_or_missing(spark, X):
    from emviz.spark import GaussianMixture

    est = GaussianMixture(k=2, inputCols=["a", "b"], weightCol="w", maxIter=2)
    with pytest.raises(ValueError, match=r"column 'w'.*all 900 weights are zero"):
        est.fit(weighted_frame(spark, X, np.zeros(len(X))))
    with pytest.raises(ValueError, match=r"column 'w' is of type string, not a number"):
        est.fit(weighted_frame(spark, X, np.ones(len(X)), wtype="string"))
    with pytest.raises(ValueError, match=r"no column 'v'"):
        est.copy({est.weightCol: "v"}).fit(weighted_frame(spark, X, np.ones(len(X))))


def test_weight_col_is_a_param_saved_with_the_estimator_and_the_model(spark, X, w, tmp_path):
    from emviz.spark import GaussianMixture, GaussianMixtureModel

    est = GaussianMixture(k=2, inputCols=["a", "b"], maxIter=3).setWeightCol("w")
    assert est.getWeightCol() == "w" and "weightCol" in est.explainParams()
    est.save(str(tmp_path / "est"))
    assert GaussianMixture.load(str(tmp_path / "est")).getWeightCol() == "w"
    model = est.fit(weighted_frame(spark, X, w))
    assert model.getWeightCol() == "w"
    model.save(str(tmp_path / "model"))
    assert GaussianMixtureModel.load(str(tmp_path / "model")).getWeightCol() == "w"
    # an empty weightCol (MLlib's convention) weighs every row 1: the unweighted fit's bits
    plain = est.copy({est.weightCol: ""}).fit(weighted_frame(spark, X, w))
    unset = GaussianMixture(k=2, inputCols=["a", "b"], maxIter=3).fit(weighted_frame(spark, X, w))
    assert plain.summary.lowerBounds == unset.summary.lowerBounds
    assert plain.summary.weightSum == len(X)
