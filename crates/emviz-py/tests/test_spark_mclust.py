"""emviz.spark with mclust's covariance models (``covarianceType="VEV"``, …): the partitions'
Stats carry the model, the driver's M-step is the model's, and the fit equals the in-memory
``emviz.GaussianMixture(covariance_type=model)`` fit from the same start whatever the
partitioning and the iteration mode; the model survives save/load, transform and to_sklearn.

One SparkSession (local[2]) for the whole file; small data and few iterations keep it quick.
"""

import warnings

import emviz
import numpy as np
import pyarrow  # noqa: F401  (emviz.spark needs it: an import error, never a skip)
import pyspark  # noqa: F401
import pytest
from conftest import make_blobs, spark_session
from emviz._rules import MODEL_NAMES

MODELS = ["EEI", "VEV", "VVE"]


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    with spark_session(tmp_path_factory.mktemp("spark"), "local[2]", "emviz-mclust") as session:
        yield session


@pytest.fixture(scope="module")
def X():
    return make_blobs(n=900, d=2, k=3, seed=5)


def frame(spark, X, partitions):
    import pandas as pd

    return spark.createDataFrame(pd.DataFrame(X, columns=["a", "b"])).repartition(partitions)


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def local_fit(m, X):
    """The in-memory fit from the Spark fit's start (to_sklearn() carries it as *_init)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return m.to_sklearn().fit(X)


@pytest.mark.parametrize("partitions", [1, 3])
@pytest.mark.parametrize("model", MODELS)
def test_a_model_fit_on_spark_equals_the_in_memory_fit(spark, X, model, partitions):
    from emviz.spark import GaussianMixture

    m = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType=model.lower(), seed=7, tol=1e-8,
                        maxIter=12).fit(frame(spark, X, partitions))
    assert m.getCovarianceType() == model and m.core_model.family == model
    assert m._start.family == model  # the start is the model's (emviz.GaussianMixture's)
    local = local_fit(m, X)
    assert local.covariance_type == model and local.precisions_init.shape == (3, 2, 2)
    assert m.numIter == local.n_iter_ >= 3 and m.converged == local.converged_
    close(m.summary.lowerBounds, local.lower_bounds_)
    close(m.weights, local.weights_)
    close(m.means, local.means_)
    close(m.covariances, local.covariances_)
    # the model's M-step, not full's: the same start under full goes elsewhere
    full = emviz.GaussianMixture(3, weights_init=local.weights_init, means_init=local.means_init,
                                 precisions_init=local.precisions_init, tol=1e-8, max_iter=12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full.fit(X)
    assert np.abs(full.covariances_ - local.covariances_).max() > 1e-3
    close(m.summary.logLikelihood, m.summary.lowerBounds[-1] * len(X))


def test_every_iteration_mode_gives_the_same_bits(spark, X):
    from emviz.spark import GaussianMixture

    est = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType="VEV", seed=3, tol=1e-8,
                          maxIter=8)
    df = frame(spark, X, 4)
    tasks = est.copy({est.iterationMode: "tasks"}).fit(df)
    assert tasks.summary.iterationMode == "tasks"
    for variant in ({est.iterationMode: "jobs"},
                    {est.iterationMode: "jobs", est.executorCache: False}):
        got = est.copy(variant).fit(df)
        assert got.summary.iterationMode == "jobs" and got.core_model.family == "VEV"
        for a, b in zip(got.core_model.arrays(), tasks.core_model.arrays()):
            np.testing.assert_array_equal(a, b)
        assert got.summary.lowerBounds == tasks.summary.lowerBounds


def test_a_model_is_saved_loaded_and_applied_as_itself(spark, X, tmp_path):
    from emviz.spark import GaussianMixture, GaussianMixtureModel

    est = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType="VVE", seed=1, tol=1e-6)
    m = est.fit(frame(spark, X, 2))
    assert m.summary.k == 3 and m.summary.numRows == len(X) and m.summary.numIter == m.numIter
    assert repr(m).endswith("covarianceType='VVE')")
    assert m.to_dict()["model_name"] == "VVE"
    m.save(str(tmp_path / "model"))
    back = GaussianMixtureModel.load(str(tmp_path / "model"))
    assert back.getCovarianceType() == "VVE" and back.core_model.family == "VVE"
    assert back._start.family == "VVE"
    for a, b in zip(back.core_model.arrays(), m.core_model.arrays()):
        np.testing.assert_array_equal(a, b)
    # an estimator whose initialModel is a VVE model keeps it (as its model JSON, model_name VVE)
    est = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType="vve", initialModel=m, maxIter=2)
    est.save(str(tmp_path / "estimator"))
    loaded = GaussianMixture.load(str(tmp_path / "estimator"))
    assert loaded.getCovarianceType() == "vve" and loaded.getInitialModel()["model_name"] == "VVE"
    a, b = est.fit(frame(spark, X, 2)), loaded.fit(frame(spark, X, 2))
    assert a._start.family == b._start.family == "VVE"
    for x, y in zip(a.core_model.arrays(), b.core_model.arrays()):
        np.testing.assert_array_equal(x, y)
    # transform: the local model's labels and responsibilities
    local = m.to_sklearn()
    got = back.transform(frame(spark, X, 3)).select("a", "b", "prediction", "probability").toPandas()
    pts = got[["a", "b"]].to_numpy()
    assert (got["prediction"].to_numpy() == local.predict(pts)).all()
    close(np.stack([p.toArray() for p in got["probability"]]), local.predict_proba(pts))
    # a model JSON start without a type is read as the fit's model
    doc = m.to_dict()
    del doc["covariance_type"], doc["model_name"]
    again = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType="VVE", initialModel=doc,
                            maxIter=0).fit(frame(spark, X, 2))
    assert again._start.family == "VVE"
    # scikit-learn has no VVE: to_sklearn(sklearn's class) says so
    from sklearn.mixture import GaussianMixture as SkGM

    with pytest.raises(ValueError, match="GaussianMixture has no covariance_type 'VVE'"):
        m.to_sklearn(SkGM)


def test_bad_names_and_other_models_starts_are_refused(spark, X):
    from emviz.spark import GaussianMixture

    df = frame(spark, X, 1)
    with pytest.raises(ValueError, match='invalid covarianceType: "VXV" is not one of') as e:
        GaussianMixture(k=2, inputCols=["a", "b"], covarianceType="VXV").fit(df)
    assert ", ".join(MODEL_NAMES) in str(e.value)
    vev = emviz.GaussianMixture(2, covariance_type="VEV", random_state=0).fit(X)
    # (EEE is scikit-learn's tied)
    with pytest.raises(ValueError, match="it has k = 2, 2 dimension.*VEV covariances, .*covarianceType tied"):
        GaussianMixture(k=2, inputCols=["a", "b"], covarianceType="EEE", initialModel=vev).fit(df)
    # a fitted emviz VEV estimator is a start of a VEV fit
    m = GaussianMixture(k=2, inputCols=["a", "b"], covarianceType="VEV", initialModel=vev,
                        maxIter=0).fit(df)
    assert m.core_model.family == "VEV"
    close(m.means, vev.means_)
