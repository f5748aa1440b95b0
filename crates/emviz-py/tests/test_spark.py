"""emviz.spark on a real Spark (pyspark from PyPI, local mode): the distributed fit equals the
in-memory fit, whatever the partitioning; transform; MLlib's saved models; bad input.

One SparkSession (local[2]) for the whole file; small data and few iterations keep it quick.
"""

import json
import os
import warnings

import emviz  # noqa: E402
import numpy as np
import pyarrow  # noqa: F401  (emviz.spark needs it: an import error, never a skip)
import pyspark  # noqa: F401
import pytest
from conftest import make_blobs, spark_session  # noqa: E402

COV_TYPES = ["full", "tied", "diag", "spherical"]


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    with spark_session(tmp_path_factory.mktemp("spark"), "local[2]", "emviz-tests") as session:
        yield session


@pytest.fixture(scope="module")
def X():
    return make_blobs(n=1200, d=2, k=3, seed=3)


def frame(spark, X, partitions=3, names=("a", "b")):
    import pandas as pd

    pdf = pd.DataFrame(X, columns=list(names))
    return spark.createDataFrame(pdf).repartition(partitions)


def close(a, b, rtol=1e-9, atol=1e-12):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


def assert_same(spark_model, local):
    """The Spark fit and the in-memory emviz.GaussianMixture fit agree to 1e-9."""
    t = spark_model.getCovarianceType()
    gm = spark_model.to_sklearn()
    assert spark_model.numIter == local.n_iter_
    assert spark_model.converged == local.converged_
    close(spark_model.summary.lowerBounds, local.lower_bounds_)
    close(gm.weights_, local.weights_)
    close(gm.means_, local.means_)
    close(gm.covariances_, local.covariances_)
    assert gm.covariances_.shape == local.covariances_.shape, t


@pytest.mark.parametrize("t", COV_TYPES)
def test_spark_fit_equals_the_in_memory_fit(spark, X, t):
    """From the start the seeded sample gives, the Spark fit is emviz.GaussianMixture's fit on
    the same rows (to_sklearn() carries that start as weights_init/means_init/precisions_init)."""
    from emviz.spark import GaussianMixture

    df = frame(spark, X, partitions=3)
    m = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType=t, seed=11, tol=1e-7,
                        maxIter=10).fit(df)
    assert m.numIter >= 3 and m.summary.numRows == len(X)
    assert len(m.summary.iterationTimes) == m.numIter
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = m.to_sklearn().fit(X)
    assert_same(m, local)
    # the fit is a fit: the log-likelihood rose
    lb = np.array(m.summary.lowerBounds)
    assert np.all(np.diff(lb) > -1e-9)
    close(m.summary.logLikelihood, lb[-1] * len(X))


def test_given_start_and_vector_column(spark, X):
    """initialModel (a model JSON) as the start; featuresCol (a vector column) as the input."""
    from emviz.spark import GaussianMixture
    from pyspark.ml.feature import VectorAssembler

    start = emviz.GaussianMixture(3, covariance_type="full", init_params="random", random_state=2,
                                  max_iter=0).fit(X)
    start_json = {"covariance_type": "full", "weights": (start.weights_ / start.weights_.sum()).tolist(),
                  "means": start.means_.tolist(), "covariances": start.covariances_.tolist()}
    df = VectorAssembler(inputCols=["a", "b"], outputCol="features").transform(frame(spark, X, 2))
    m = GaussianMixture(k=3, initialModel=json.dumps(start_json), tol=1e-8, maxIter=10).fit(df)
    local = emviz.GaussianMixture(
        3, weights_init=start_json["weights"], means_init=start.means_,
        precisions_init=np.linalg.inv(start.covariances_), tol=1e-8, max_iter=10,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local.fit(X)
    assert_same(m, local)
    assert m.to_dict()["feature_names"] == ["features[0]", "features[1]"]


def test_partition_count_changes_nothing(spark, X):
    """1 and 4 partitions: the same start (the sample is the rows of smallest hash of their
    values) and the same fit to 1e-9; equal partitionings give equal bits."""
    from emviz.spark import GaussianMixture

    est = GaussianMixture(k=3, inputCols=["a", "b"], seed=4, tol=1e-8, maxIter=6, initSampleSize=500)
    fits = [est.fit(frame(spark, X, p)) for p in (1, 4)]
    for f in fits[1:]:
        close(f._start.arrays()[1], fits[0]._start.arrays()[1], rtol=0, atol=0)
        assert f.numIter == fits[0].numIter
        close(f.summary.lowerBounds, fits[0].summary.lowerBounds)
        for a, b in zip(f.core_model.arrays(), fits[0].core_model.arrays()):
            close(a, b)
    again = est.fit(frame(spark, X, 4))
    for a, b in zip(again.core_model.arrays(), fits[1].core_model.arrays()):
        np.testing.assert_array_equal(a, b)
    # The task loop (the default here) and one job per iteration — reading the executor cache,
    # or streaming the blocks from Spark's cache — give the same bits.
    assert fits[1].summary.iterationMode == "tasks"
    jobs = est.copy({est.iterationMode: "jobs"})
    for variant in (jobs, jobs.copy({jobs.executorCache: False})):
        got = variant.fit(frame(spark, X, 4))
        assert got.summary.iterationMode == "jobs" and got.summary.loopSetupTime == 0
        for a, b in zip(got.core_model.arrays(), fits[1].core_model.arrays()):
            np.testing.assert_array_equal(a, b)
    # The executor cache is gone after each fit.
    cache = os.environ["EMVIZ_SPARK_CACHE_DIR"]
    assert os.path.isdir(cache) and os.listdir(cache) == []


@pytest.mark.parametrize("mode", ["jobs", "tasks"])
def test_a_partition_without_its_cache_file_is_streamed(spark, X, monkeypatch, mode):
    """A task that finds no executor-cache file (it ran on another host): with one job per
    iteration the driver streams that partition from Spark's cache; the task loop gets its rows by
    a shuffle instead of the files. The same fit either way."""
    import emviz.spark as es
    from emviz.spark import _blocks, _estimator

    real = _estimator._pack_function

    def pack_without_part_1(d, seed, sample_size, fit_id=None, **kw):
        inner = real(d, seed, sample_size, fit_id, **kw)

        def pack(batches):
            from pyspark import TaskContext

            yield from inner(batches)
            if TaskContext.get().partitionId() == 1:  # as if it had been written elsewhere
                os.remove(_blocks._cache_file(fit_id, 1))

        return pack

    est = es.GaussianMixture(k=3, inputCols=["a", "b"], seed=4, tol=0.0, maxIter=3,
                             iterationMode=mode)
    df = frame(spark, X, 2)
    want = est.copy({est.iterationMode: "jobs", est.executorCache: False}).fit(df)
    whole = est.fit(df)
    monkeypatch.setattr(_estimator, "_pack_function", pack_without_part_1)
    got = est.fit(df)
    if mode == "tasks":
        assert whole.summary.loopLoading == "cache files"
        assert got.summary.loopLoading == "shuffle"
    for fit in (whole, got):
        assert fit.summary.iterationMode == mode
        for a, b in zip(fit.core_model.arrays(), want.core_model.arrays()):
            np.testing.assert_array_equal(a, b)


def test_a_model_too_large_for_a_job_property_goes_in_the_closure(spark, X, monkeypatch):
    """The passes' model reaches the tasks as a job property (one planned query per fit), or, for
    a model over _PROPERTY_MAX_BYTES, in a query planned per pass: the same bits; the property is
    cleared after the fit."""
    import emviz.spark as es
    from emviz.spark import _passes

    est = es.GaussianMixture(k=3, inputCols=["a", "b"], seed=4, tol=0.0, maxIter=3,
                             iterationMode="jobs")
    want = est.fit(frame(spark, X, 3))
    assert spark.sparkContext.getLocalProperty(_passes._PASS_PROPERTY) is None
    monkeypatch.setattr(_passes, "_PROPERTY_MAX_BYTES", 0)
    got = est.fit(frame(spark, X, 3))
    for a, b in zip(got.core_model.arrays(), want.core_model.arrays()):
        np.testing.assert_array_equal(a, b)


def test_the_task_loop_deals_more_partitions_than_slots(spark, X):
    """7 partitions on local[2]: the loop runs 2 tasks, each holding several partitions' blocks
    (in their order), and still gives the bits of one job per iteration."""
    from emviz.spark import GaussianMixture

    est = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType="diag", seed=5, tol=0.0,
                          maxIter=4)
    df = frame(spark, X, 7)
    loop = est.fit(df)
    jobs = est.copy({est.iterationMode: "jobs"}).fit(df)
    assert loop.summary.iterationMode == "tasks" and loop.summary.loopSetupTime > 0
    assert loop.summary.loopLoading == "shuffle"
    assert len(loop.summary.iterationTimes) == loop.numIter == 4
    assert loop.summary.lowerBounds == jobs.summary.lowerBounds
    for a, b in zip(loop.core_model.arrays(), jobs.core_model.arrays()):
        np.testing.assert_array_equal(a, b)


def _lost_before_connecting(d, address, secret, fit_id=None, weighted=False):
    def serve(batches):
        for _ in batches:
            pass
        raise RuntimeError("emviz test: a task lost before it connected")
        yield

    return serve


def _lost_after_connecting(d, address, secret, fit_id=None, weighted=False):
    def serve(batches):
        import pickle
        import socket
        import struct

        from pyspark import TaskContext

        rows = sum(len(v) for b in batches for v in b.column("x").to_pylist()) // (8 * d)
        parts = [TaskContext.get().partitionId()]
        with socket.create_connection(address) as sock:
            hello = secret + struct.pack(">iq", parts[0], rows) + pickle.dumps(parts)
            sock.sendall(struct.pack(">Q", len(hello)) + hello)
        raise RuntimeError("emviz test: a task lost in the loop")
        yield

    return serve


@pytest.mark.parametrize("lost", [_lost_before_connecting, _lost_after_connecting])
def test_a_broken_task_loop_falls_back_to_jobs(spark, X, monkeypatch, lost):
    """A task lost before or during the loop: with iterationMode auto, a warning and the same fit
    by one job per iteration; with iterationMode tasks, an error saying so."""
    from emviz.spark import GaussianMixture, _tasks

    est = GaussianMixture(k=3, inputCols=["a", "b"], seed=6, tol=0.0, maxIter=3)
    df = frame(spark, X, 2)
    want = est.copy({est.iterationMode: "jobs"}).fit(df)
    monkeypatch.setattr(_tasks, "_task_function", lost)
    with pytest.warns(RuntimeWarning, match=r"fitting with one Spark job per iteration instead"):
        got = est.fit(df)
    assert got.summary.iterationMode == "jobs"
    for a, b in zip(got.core_model.arrays(), want.core_model.arrays()):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(RuntimeError, match=r"the EM loop in tasks failed"):
        est.copy({est.iterationMode: "tasks"}).fit(df)


def test_an_interrupted_task_loop_ends_its_job(spark, X, monkeypatch):
    """An exception on the driver mid-loop (Ctrl-C in a notebook is one) reaches the caller, the
    loop's job is cancelled and its tasks end, the cache files go, and the next fit runs."""
    from emviz.spark import GaussianMixture, _tasks

    real = _tasks.TaskLoop.run
    calls = []

    def interrupted(self, model, empty=None):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(self, model, empty)

    est = GaussianMixture(k=3, inputCols=["a", "b"], seed=6, tol=0.0, maxIter=50)
    df = frame(spark, X, 2)
    monkeypatch.setattr(_tasks.TaskLoop, "run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        est.fit(df)
    monkeypatch.undo()
    assert spark.sparkContext.statusTracker().getActiveJobsIds() == []
    assert os.listdir(os.environ["EMVIZ_SPARK_CACHE_DIR"]) == []
    assert est.copy({est.maxIter: 3}).fit(df).summary.iterationMode == "tasks"


def test_transform_as_mllib(spark, X):
    """prediction (int) and probability (vector) columns, equal to the in-memory model's."""
    from emviz.spark import GaussianMixture
    from pyspark.ml.linalg import VectorUDT
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    df = frame(spark, X, 3).withColumn("id", F.monotonically_increasing_id())
    m = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType="diag", maxIter=5,
                        predictionCol="c", probabilityCol="p").fit(df)
    out = m.transform(df)
    assert isinstance(out.schema["c"].dataType, T.IntegerType)
    assert isinstance(out.schema["p"].dataType, VectorUDT)
    assert out.columns == ["a", "b", "id", "c", "p"]
    rows = out.toPandas()
    Xr = rows[["a", "b"]].to_numpy()
    P = np.array([v.toArray() for v in rows["p"]])
    gm = m.to_sklearn()
    close(P, gm.predict_proba(Xr), rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(rows["c"].to_numpy(), P.argmax(axis=1))
    assert m.predict(Xr[0]) == rows["c"].iloc[0]
    assert len(m.gaussians) == 3 and m.gaussians[0].cov.numRows == 2
    assert sum(m.summary.clusterSizes) == len(X)


def test_mllib_model_round_trip(spark, X, tmp_path):
    """A model MLlib fitted and saved, read by load_mllib: MLlib's probabilities to 1e-9."""
    from emviz.spark import GaussianMixture, load_mllib
    from pyspark.ml.clustering import GaussianMixture as MLlibGM
    from pyspark.ml.feature import VectorAssembler

    df = VectorAssembler(inputCols=["a", "b"], outputCol="features").transform(frame(spark, X, 2))
    mllib = MLlibGM(k=3, seed=5, maxIter=15, probabilityCol="prob").fit(df)
    path = str(tmp_path / "mllib-gmm")
    mllib.save(path)
    ours = load_mllib(path)
    assert ours.getProbabilityCol() == "prob" and ours.getCovarianceType() == "full"
    close(ours.weights, mllib.weights, rtol=0, atol=0)
    ref = mllib.transform(df).select("a", "b", "prediction", "prob").toPandas()
    got = ours.transform(df).select("a", "b", "prediction", "prob").toPandas()
    Pa = np.array([v.toArray() for v in ref["prob"]])
    Pb = np.array([v.toArray() for v in got["prob"]])
    np.testing.assert_allclose(Pb, Pa, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(got["prediction"], ref["prediction"])
    # … and on to the page / CLI (model JSON), the widget (to_sklearn), or as a Spark start
    doc = json.loads(ours.to_json())
    assert doc["covariance_type"] == "full" and np.array(doc["covariances"]).shape == (3, 2, 2)
    close(ours.to_sklearn().predict_proba(ref[["a", "b"]].to_numpy()), Pa, rtol=0, atol=1e-9)
    again = GaussianMixture(k=3, initialModel=ours, maxIter=0).fit(df)
    close(again.means, ours.means, rtol=0, atol=0)


def test_save_and_load(spark, X, tmp_path):
    """model.save / GaussianMixtureModel.load (pyspark.ml's layout, the model JSON as data): the
    same probabilities, parameters and trace; overwrite; clear errors; the estimator's params."""
    from emviz.spark import GaussianMixture, GaussianMixtureModel
    from pyspark.ml.clustering import GaussianMixture as MLlibGM
    from pyspark.ml.feature import VectorAssembler

    df = frame(spark, X, 3)
    est = GaussianMixture(k=3, inputCols=["a", "b"], covarianceType="tied", maxIter=4, seed=2,
                          probabilityCol="p")
    m = est.fit(df)
    path = str(tmp_path / "emviz-gmm")
    m.save(path)
    loaded = GaussianMixtureModel.load(path)
    assert loaded.uid == m.uid and loaded.getProbabilityCol() == "p"
    assert loaded.getInputCols() == ["a", "b"] and loaded.getCovarianceType() == "tied"
    assert loaded.numIter == m.numIter and loaded.lowerBounds == m.lowerBounds
    for a, b in zip(loaded.core_model.arrays(), m.core_model.arrays()):
        np.testing.assert_array_equal(a, b)
    want = m.transform(df).select("p").toPandas()
    got = loaded.transform(df).select("p").toPandas()
    np.testing.assert_array_equal(np.array([v.toArray() for v in got["p"]]),
                                  np.array([v.toArray() for v in want["p"]]))
    for a, b in zip(loaded.to_sklearn().means_init, m.to_sklearn().means_init):
        np.testing.assert_array_equal(a, b)
    # data/model.json is the page's / CLI's model JSON
    doc = json.load(open(os.path.join(path, "data", "model.json")))
    assert doc == json.loads(m.to_json())
    # an existing path: an error, unless overwritten
    with pytest.raises(FileExistsError, match="overwrite"):
        m.save(path)
    other = est.copy({est.k: 2}).fit(df)
    other.write().overwrite().save(path)
    assert GaussianMixtureModel.load(path).getK() == 2
    # not a saved emviz model
    with pytest.raises(ValueError, match="does not exist"):
        GaussianMixtureModel.load(str(tmp_path / "nothing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no saved model"):
        GaussianMixtureModel.load(str(tmp_path / "empty"))
    vec = VectorAssembler(inputCols=["a", "b"], outputCol="features").transform(df)
    MLlibGM(k=2, maxIter=2).fit(vec).save(str(tmp_path / "mllib"))
    with pytest.raises(ValueError, match="load_mllib"):
        GaussianMixtureModel.load(str(tmp_path / "mllib"))
    # the estimator: its parameters (with an initialModel, as its model JSON)
    est2 = est.copy({est.initialModel: m, est.iterationMode: "jobs"})
    est2.save(str(tmp_path / "est"))
    with pytest.raises(ValueError, match="not an emviz.spark.GaussianMixtureModel"):
        GaussianMixtureModel.load(str(tmp_path / "est"))
    back = GaussianMixture.load(str(tmp_path / "est"))
    assert back.getK() == 3 and back.getCovarianceType() == "tied" and back.getSeed() == 2
    assert back.getIterationMode() == "jobs"
    refit = back.copy({back.maxIter: 0}).fit(df)
    np.testing.assert_array_equal(refit.means, m.means)


def test_pipeline_and_params(spark, X, tmp_path):
    from emviz.spark import GaussianMixture, GaussianMixtureModel
    from pyspark.ml import Pipeline
    from pyspark.ml.feature import VectorAssembler

    est = GaussianMixture(k=2, maxIter=3, covarianceType="spherical")
    assert est.getK() == 2 and est.getTol() == 1e-3 and est.getFeaturesCol() == "features"
    assert "covarianceType" in est.explainParams()
    pipe = Pipeline(stages=[VectorAssembler(inputCols=["a", "b"], outputCol="features"), est])
    model = pipe.fit(frame(spark, X, 2))
    gmm = model.stages[-1]
    assert isinstance(gmm, GaussianMixtureModel) and gmm.getK() == 2
    assert gmm.getCovarianceType() == "spherical" and gmm.numIter == 3
    assert model.transform(frame(spark, X, 2)).select("prediction").count() == len(X)
    # a PipelineModel with an emviz stage saves and loads (pyspark.ml's Python pipeline writer)
    from pyspark.ml import PipelineModel

    model.save(str(tmp_path / "pipe"))
    back = PipelineModel.load(str(tmp_path / "pipe"))
    assert isinstance(back.stages[-1], GaussianMixtureModel)
    np.testing.assert_array_equal(back.stages[-1].means, gmm.means)


def test_bad_input_names_the_column(spark, X):
    from emviz.spark import GaussianMixture
    from pyspark.sql import functions as F

    df = frame(spark, X[:50], 2)
    with_text = df.withColumn("name", F.lit("x"))
    with pytest.raises(ValueError, match=r"column 'name' is of type string, not a number"):
        GaussianMixture(k=2, inputCols=["a", "name"]).fit(with_text)
    with pytest.raises(ValueError, match=r"no column 'nope'"):
        GaussianMixture(k=2, inputCols=["a", "nope"]).fit(df)
    with pytest.raises(ValueError, match=r"column 'features' \(featuresCol\) is of type string"):
        GaussianMixture(k=2).fit(with_text.withColumnRenamed("name", "features"))
    nulls = df.withColumn("b", F.when(F.col("a") > F.lit(float(np.median(X[:50, 0]))), None)
                          .otherwise(F.col("b")))
    with pytest.raises(ValueError, match=r"column 'b' holds \d+ null value"):
        GaussianMixture(k=2, inputCols=["a", "b"]).fit(nulls)
    nan = df.withColumn("a", F.when(F.col("b") == F.lit(float(X[7, 1])), float("nan"))
                        .otherwise(F.col("a")))
    with pytest.raises(ValueError, match=r"column 'a' holds 1 NaN value"):
        GaussianMixture(k=2, inputCols=["a", "b"]).fit(nan)
    from pyspark.ml.feature import VectorAssembler

    vec = VectorAssembler(inputCols=["a", "b"], outputCol="features", handleInvalid="keep").transform(nan)
    with pytest.raises(ValueError, match=r"column 'features\[0\]' holds 1 NaN value"):
        GaussianMixture(k=2).fit(vec)
    # transform checks too (inside the Python worker; Spark re-raises it with the message)
    m = GaussianMixture(k=2, inputCols=["a", "b"], maxIter=2).fit(df)
    with pytest.raises(Exception, match=r"column 'b' holds \d+ null value"):
        m.transform(nulls).collect()
    with pytest.raises(ValueError, match=r'invalid iterationMode: "sometimes" is not one of'):
        GaussianMixture(k=2, inputCols=["a", "b"], iterationMode="sometimes").fit(df)
    with pytest.raises(ValueError, match=r"invalid covarianceType"):
        GaussianMixture(k=2, inputCols=["a", "b"], covarianceType="banana").fit(df)
    with pytest.raises(ValueError, match=r"invalid initialModel"):
        GaussianMixture(k=3, inputCols=["a", "b"], initialModel=m).fit(df)
