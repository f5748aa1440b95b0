"""emviz.spark on hostile input, as a new user's pipeline produces it: a vector of another length,
null vectors and rows, sparse and dense mixed, NaN and infinities, empty partitions, a single row,
huge values. Every way in (the task loop, one job per iteration from the executor cache or streamed,
transform) either fits the valid rows — and exactly the fit of those rows — or raises a ValueError
that names the column (and, for a vector of another length, the two lengths and where); never a
silent misread, a JVM error or a cache file left behind. ``handleInvalid="skip"`` drops invalid
rows and counts them in the summary.

Explicit cases first (both iteration modes, 1 and 3 partitions, handleInvalid both ways), then
property-based tests (Hypothesis) on generated DataFrames. One SparkSession (local[2]) for the file.
"""

import os

import numpy as np
import pyarrow  # noqa: F401  (emviz.spark needs it: an import error, never a skip)
import pyspark  # noqa: F401
import pytest
from conftest import make_blobs, spark_session  # noqa: E402
from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# The ways a fit runs: the task loop; one job per iteration reading the executor cache; one job
# per iteration streaming the blocks from Spark's cache.
WAYS = [("tasks", True), ("jobs", True), ("jobs", False)]


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    with spark_session(tmp_path_factory.mktemp("spark-hostile"), "local[2]", "emviz-hostile") as s:
        yield s


@pytest.fixture(scope="module")
def X():
    return make_blobs(n=100, d=2, k=2, seed=7)


def vectors(spark, rows, partitions):
    """A DataFrame of one vector column ``features`` (None: a null vector) whose ``partitions``
    partitions hold the rows in order (more partitions than rows: empty ones)."""
    from pyspark.ml.linalg import VectorUDT
    from pyspark.sql import types as T

    schema = T.StructType([T.StructField("features", VectorUDT(), True)])
    return spark.createDataFrame(spark.sparkContext.parallelize([(r,) for r in rows], partitions), schema)


def dense(values):
    from pyspark.ml.linalg import Vectors

    return Vectors.dense([float(v) for v in values])


def no_cache_files():
    cache = os.environ["EMVIZ_SPARK_CACHE_DIR"]
    return not os.path.isdir(cache) or os.listdir(cache) == []


def estimator(mode, cached, **kw):
    from emviz.spark import GaussianMixture

    return GaussianMixture(iterationMode=mode, executorCache=cached, seed=3, tol=0.0, maxIter=4, **kw)


def assert_fit_of(model, rows, k):
    """The model is finite and is the in-memory fit of ``rows`` (the core's EM, as
    emviz.GaussianMixture runs it) from the fit's own start, to rounding."""
    from emviz import _core

    for a in model.core_model.arrays():
        assert np.all(np.isfinite(a))
    rows = np.ascontiguousarray(rows, dtype=np.float64)
    assert model.summary.numRows == len(rows)
    local, bounds, n_iter, _ = _core.em_fit(
        rows, model._start, float(model.getRegCovar()), float(model.getTol()), int(model.getMaxIter()),
        float("-inf"), 0.0, 1,
    )
    assert model.numIter == n_iter
    np.testing.assert_allclose(model.summary.lowerBounds, bounds, rtol=1e-9, atol=1e-9)
    scale = max(1.0, float(np.abs(rows).max()))
    for got, want, atol in zip(model.core_model.arrays(), local.arrays(), (1e-12, 1e-12 * scale, 1e-12 * scale**2)):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=atol)
    if len(rows) == 1:  # (one row: its mean is the row)
        np.testing.assert_allclose(model.means, rows, rtol=1e-12)


# A bad row of each kind, appended to 100 valid two-dimensional rows.
BAD = {
    "a longer vector": (dense([100, 200, 300]), r"1 vector\(s\) of another length than 2 \(the first "
                        r"vector's length\); the first has 3 value\(s\), at row \d+ of partition \d+: "
                        r"\[100\.0, 200\.0, 300\.0\]"),
    "a shorter vector": (dense([5]), r"of another length than 2 .*the first has 1 value\(s\), at row \d+ of "
                         r"partition \d+: \[5\.0\]"),
    "an empty vector": (dense([]), r"of another length than 2 .*the first has 0 value\(s\)"),
    "a null vector": (None, r"1 null vector\(s\) \(the first: row \d+ of partition \d+\)"),
    "NaN": (dense([1, float("nan")]), r"column 'features\[1\]' holds 1 NaN value"),
    "an infinity": (dense([float("-inf"), 1]), r"column 'features\[0\]' holds 1 infinite value"),
}


@pytest.mark.parametrize("partitions", [1, 3])
@pytest.mark.parametrize("mode,cached", WAYS)
def test_each_bad_row_is_an_error_or_skipped(spark, X, mode, cached, partitions):
    """Each kind of bad row: handleInvalid="error" (the default) raises a ValueError naming the
    column, the lengths and where, before any EM (no cache file left); "skip" fits the valid rows
    — exactly their fit — and counts the dropped row(s) in the summary."""
    from pyspark.ml.linalg import Vectors

    valid = [dense(x) for x in X]
    for name, (row, message) in BAD.items():
        df = vectors(spark, valid[:37] + [row] + valid[37:], partitions)
        with pytest.raises(ValueError, match=r"^invalid data: column 'features") as e:
            estimator(mode, cached, k=2).fit(df)
        assert e.match(message), (name, str(e.value))
        assert "Py4J" not in str(e.value) and "java" not in str(e.value)
        assert no_cache_files()
    # skip: all the kinds at once (plus sparse vectors, which are valid), dropped and counted
    sparse = Vectors.sparse(2, [1], [float(X[0, 1])])
    rows = valid[:50] + [sparse] + [r for r, _ in BAD.values()] + valid[50:]
    m = estimator(mode, cached, k=2, handleInvalid="skip").fit(vectors(spark, rows, partitions))
    assert m.summary.numDroppedRows == len(BAD)
    assert m.summary.iterationMode == mode
    assert_fit_of(m, np.vstack([X[:50], [[0.0, X[0, 1]]], X[50:]]), 2)
    assert no_cache_files()


def test_the_first_vector_sets_the_dimension(spark, X):
    """The dimension is the first vector's length (or the metadata's): with a 3-value vector first,
    the two-dimensional rows are the ones of another length, and the message says so."""
    rows = [dense([100, 200, 300])] + [dense(x) for x in X]
    with pytest.raises(ValueError, match=r"100 vector\(s\) of another length than 3 \(the first "
                                         r"vector's length\); the first has 2 value\(s\), at row 1 of partition 0"):
        estimator("jobs", True, k=2).fit(vectors(spark, rows, 2))
    from pyspark.ml.feature import VectorAssembler

    # VectorAssembler's metadata (ml_attr) gives the size: a transformed column too short for it
    df = VectorAssembler(inputCols=["a", "b"], outputCol="features").transform(
        spark.createDataFrame([tuple(map(float, x)) for x in X], ["a", "b"]))
    meta = df.schema["features"].metadata
    df3 = vectors(spark, [dense([1, 2, 3])] * 5, 1)
    df3 = df3.withColumn("features", df3["features"].alias("features", metadata=meta))
    with pytest.raises(ValueError, match=r"5 vector\(s\) of another length than 2 \(the size in the "
                                         r"column's metadata\); the first has 3 value\(s\)"):
        estimator("jobs", True, k=1).fit(df3)
    # transform: a column whose metadata says another size than the model's is refused at once
    m = estimator("jobs", True, k=1).fit(vectors(spark, [dense([1, 2, 3]), dense([2, 3, 5])], 1))
    with pytest.raises(ValueError, match=r"column 'features' holds vectors of 2 values \(its metadata\) for a "
                                         r"model of 3 dimension\(s\)"):
        m.transform(df)


@pytest.mark.parametrize("partitions", [1, 3])
@pytest.mark.parametrize("mode,cached", WAYS)
def test_numeric_columns_skip_null_nan_and_infinite_rows(spark, X, mode, cached, partitions):
    """inputCols: a null (a null row too), NaN or an infinity is an error naming the column; with
    skip those rows are dropped and the fit is the valid rows'."""
    rows = [tuple(map(float, x)) for x in X]
    bad = [(None, 1.0), (None, None), (float("nan"), 2.0), (3.0, float("inf"))]
    df = spark.createDataFrame(spark.sparkContext.parallelize(rows[:20] + bad + rows[20:], partitions),
                               "a double, b double")
    with pytest.raises(ValueError, match=r"^invalid data: column 'a' holds 2 null value\(s\) \(the first: "
                                         r"row \d+ of partition \d+\)"):
        estimator(mode, cached, k=2, inputCols=["a", "b"]).fit(df)
    m = estimator(mode, cached, k=2, inputCols=["a", "b"], handleInvalid="skip").fit(df)
    assert m.summary.numDroppedRows == len(bad)
    assert_fit_of(m, X, 2)
    assert no_cache_files()


def test_too_few_rows_left_and_a_single_row(spark, X):
    """All rows invalid, or fewer valid rows than components: a ValueError saying how many were
    skipped; a single valid row: refused for the k-means start (which needs 2), fitted from an
    initialModel (its mean is the row)."""
    skip = {"handleInvalid": "skip"}
    with pytest.raises(ValueError, match=r"^invalid data: 0 rows \(after skipping 2 invalid row\(s\)\) "
                                         r"cannot be fitted by k = 1"):
        estimator("jobs", True, k=1, **skip).fit(vectors(spark, [dense([np.nan, 1]), None], 2))
    with pytest.raises(ValueError, match=r"^invalid data: 1 rows \(after skipping 1 invalid row\(s\)\) "
                                         r"cannot be fitted by k = 2"):
        estimator("tasks", True, k=2, **skip).fit(vectors(spark, [None, dense([1, 2, 3])], 2))
    with pytest.raises(ValueError, match=r"holds no non-empty vector"):
        estimator("jobs", True, k=1).fit(vectors(spark, [None, dense([])], 2))
    with pytest.raises(ValueError, match=r"^invalid data: 1 rows cannot be fitted by k = 1 components \(the "
                                         r"k-means start needs 2 rows: or give an initialModel\)"):
        estimator("tasks", True, k=1).fit(vectors(spark, [dense(X[0])], 4))
    start = {"covariance_type": "full", "weights": [1.0], "means": [[0.0, 0.0]],
             "covariances": [[[1.0, 0.0], [0.0, 1.0]]]}
    for mode, cached in WAYS:
        one = estimator(mode, cached, k=1, initialModel=start, **skip).fit(
            vectors(spark, [None, dense(X[0]), dense([1])], 4))
        assert one.summary.numRows == 1 and one.summary.numDroppedRows == 2
        assert_fit_of(one, X[:1], 1)
        assert no_cache_files()
    with pytest.raises(ValueError, match=r"invalid handleInvalid: \"keep\" is not one of error, skip"):
        estimator("jobs", True, k=1, handleInvalid="keep").fit(vectors(spark, [dense(X[0])], 1))


def test_transform_checks_rows_against_the_model(spark, X, tmp_path):
    """transform: a vector of another length than the model's dimension, or a null vector, fails
    the job with emviz's message naming the model's dimension (a ValueError where emviz runs the
    action: summary.clusterSizes); with handleInvalid="skip" those rows are left out. A saved and
    loaded model keeps handleInvalid."""
    from emviz.spark import GaussianMixtureModel
    from pyspark.errors import PySparkException

    valid = [dense(x) for x in X]
    m = estimator("jobs", True, k=2).fit(vectors(spark, valid, 2))
    for row, message in [(dense([100, 200, 300]), r"1 vector\(s\) of another length than 2 \(the model's dimension\); "
                          r"the first has 3 value\(s\), at a row of partition \d+: \[100\.0, 200\.0, 300\.0\]"),
                         (None, r"1 null vector\(s\)")]:
        df = vectors(spark, valid + [row], 2)
        with pytest.raises(PySparkException, match=r"emviz\.spark worker: invalid data: column 'features' "
                                                   r"holds " + message):
            m.transform(df).collect()
        skip = m.copy({m.handleInvalid: "skip"})
        out = skip.transform(df).select("prediction").collect()
        assert len(out) == len(X)
    m.save(str(tmp_path / "m"))
    assert GaussianMixtureModel.load(str(tmp_path / "m")).getHandleInvalid() == "error"
    skip.write().overwrite().save(str(tmp_path / "m"))
    assert GaussianMixtureModel.load(str(tmp_path / "m")).getHandleInvalid() == "skip"
    # a model fitted on data with a bad row skipped: its summary's predictions skip it too
    fitted = estimator("jobs", True, k=2, handleInvalid="skip").fit(vectors(spark, valid + [None], 2))
    assert sum(fitted.summary.clusterSizes) == len(X)
    # … and the summary of a fit whose data go bad afterwards is a ValueError, not Spark's error
    strict = estimator("jobs", True, k=2).fit(vectors(spark, valid, 2))
    strict.summary._dataset = vectors(spark, valid + [dense([1])], 2)
    with pytest.raises(ValueError, match=r"^invalid data: column 'features' holds 1 vector\(s\) of another "
                                         r"length than 2 \(the model's dimension\)"):
        _ = strict.summary.clusterSizes


# ------------------------------------------------------------------------- property-based tests

# A row of a hostile DataFrame: a valid two-dimensional vector (dense, sparse, or huge), or one of
# the invalid kinds.
_finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
_valid2 = st.tuples(_finite, _finite)
_valid_row = st.one_of(
    _valid2.map(lambda v: ("dense", v)),
    _valid2.map(lambda v: ("sparse", (v[0], 0.0))),
    _valid2.map(lambda v: ("huge", (v[0] * 1e150, v[1]))),
)
_bad_row = st.one_of(
    st.just(("null", None)),
    st.lists(_finite, min_size=0, max_size=4).filter(lambda v: len(v) != 2).map(lambda v: ("length", v)),
    st.tuples(st.sampled_from([float("nan"), float("inf"), float("-inf")]), _finite).map(lambda v: ("bad", v)),
)


@st.composite
def _hostile_rows(draw):
    """Mostly valid rows and a few invalid ones, in any order."""
    rows = draw(st.lists(_valid_row, max_size=16)) + draw(st.lists(_bad_row, max_size=4))
    return [rows[i] for i in draw(st.permutations(range(len(rows))))]


def _vector(kind, v):
    from pyspark.ml.linalg import Vectors

    if kind == "null":
        return None
    if kind == "sparse":
        return Vectors.sparse(2, [0], [v[0]]) if v[0] != 0 else Vectors.sparse(2, [], [])
    return dense(v)


def _expected_valid(rows):
    """The dimension the fit must use (the first non-empty vector's length) and the valid rows."""
    lengths = [len(v) for kind, v in rows if kind != "null" and len(v) > 0]
    if not lengths:
        return None, []
    d = lengths[0]
    valid = [list(v) for kind, v in rows
             if kind != "null" and len(v) == d and np.all(np.isfinite(v))]
    return d, valid


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    rows=_hostile_rows(),
    partitions=st.integers(1, 4),
    k=st.integers(1, 2),
    way=st.sampled_from(WAYS),
    skip=st.booleans(),
)
def test_hostile_vector_frames(spark, rows, partitions, k, way, skip):
    """Any mix of the kinds above in any partitioning: the fit of the valid rows (finite, equal to
    the in-memory fit from the same start, the dropped rows counted) or a ValueError naming the
    column; never another error, and no cache file left."""
    d, valid = _expected_valid(rows)
    df = vectors(spark, [_vector(kind, v) for kind, v in rows], partitions)
    est = estimator(*way, k=k, handleInvalid="skip" if skip else "error")
    invalid = len(rows) - len(valid)
    try:
        m = est.fit(df)
    except ValueError as e:
        text = str(e)
        assert "Py4J" not in text and "Exception" not in text and len(text) < 600, text
        event(f"ValueError ({'skip' if skip else 'error'}): {text[:40]}")
        if d is None:
            assert "holds no non-empty vector" in text, text
        elif invalid and not skip:
            assert text.startswith("invalid data: column 'features"), text
        elif len(valid) < max(k, 2):
            assert "cannot be fitted" in text, text
        else:  # valid rows that EM cannot fit (e.g. a collapsed component): the core's message
            assert "invalid data" not in text, text
        assert no_cache_files()
        return
    assert no_cache_files()
    event(f"fitted ({'skip' if skip else 'error'}, {'with' if invalid else 'no'} invalid rows)")
    assert d is not None and (skip or not invalid) and len(valid) >= max(k, 2)
    assert m.summary.numDroppedRows == invalid
    assert_fit_of(m, valid, k)


_cell = st.one_of(_finite, st.none(), st.sampled_from([float("nan"), float("inf"), -1e300, 1e300]))


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(_cell, _cell), min_size=1, max_size=16), partitions=st.integers(1, 3),
       way=st.sampled_from(WAYS), skip=st.booleans())
def test_hostile_numeric_frames(spark, rows, partitions, way, skip):
    """inputCols with nulls, NaN, infinities and huge values: the same property."""
    df = spark.createDataFrame(spark.sparkContext.parallelize(rows, partitions), "a double, b double")
    valid = [r for r in rows if all(v is not None and np.isfinite(v) for v in r)]
    est = estimator(*way, k=1, inputCols=["a", "b"], handleInvalid="skip" if skip else "error")
    try:
        m = est.fit(df)
    except ValueError as e:
        text = str(e)
        assert "Py4J" not in text and "Exception" not in text, text
        event(f"ValueError ({'skip' if skip else 'error'})")
        if len(valid) < len(rows) and not skip:
            assert text.startswith("invalid data: column '"), text
        elif len(valid) < 2:
            assert "cannot be fitted" in text, text
        assert no_cache_files()
        return
    event(f"fitted ({'skip' if skip else 'error'}, {'with' if len(valid) < len(rows) else 'no'} invalid rows)")
    assert (skip or len(valid) == len(rows)) and len(valid) >= 2
    assert m.summary.numDroppedRows == len(rows) - len(valid)
    assert_fit_of(m, valid, 1)
