"""emviz.GaussianMixture on hostile input (property-based, Hypothesis): ragged rows, nulls, NaN,
infinities, huge values, too few rows, strings. Each input either fits finite parameters — when it
is a valid matrix of at least two rows and k or more — or raises a ValueError; never another
error or a silent misread. A fitted model refuses rows of another length."""

import warnings

import emviz  # noqa: E402
import numpy as np
import pytest
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
_cell = st.one_of(
    _finite, _finite, _finite,
    st.none(), st.just("x"),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e300, -1e300, 5e-324]),
)
# A row: usually two cells, sometimes another length.
_row = st.one_of(st.lists(_cell, min_size=2, max_size=2), st.lists(_cell, min_size=0, max_size=4))


def _valid_matrix(rows):
    """The rows as a float64 matrix when they are a valid input (same length ≥ 1, numbers, all
    finite), else None."""
    if not rows or len({len(r) for r in rows}) != 1 or not rows[0]:
        return None
    if any(not isinstance(v, (int, float)) or not np.isfinite(v) for r in rows for v in r):
        return None
    return np.asarray(rows, dtype=np.float64)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(rows=st.lists(_row, min_size=0, max_size=12), k=st.integers(1, 3),
       cov=st.sampled_from(["full", "tied", "diag", "spherical"]))
def test_hostile_arrays(rows, k, cov):
    X = _valid_matrix(rows)
    gm = emviz.GaussianMixture(k, covariance_type=cov, max_iter=5, random_state=0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gm.fit(rows)
    except ValueError as e:
        text = str(e)
        assert text and "Traceback" not in text
        return
    # A fit happened: the input was valid, and the parameters are finite.
    assert X is not None and len(X) >= max(2, k), rows
    for a in (gm.weights_, gm.means_, gm.covariances_):
        assert np.all(np.isfinite(a))
    assert gm.means_.shape == (k, X.shape[1])
    np.testing.assert_allclose(gm.weights_.sum(), 1.0, rtol=1e-12)
    # the same fit from the matrix itself (no silent conversion took place)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = emviz.GaussianMixture(k, covariance_type=cov, max_iter=5, random_state=0).fit(X)
    np.testing.assert_array_equal(again.means_, gm.means_)
    # rows of another length, or not finite, are refused at prediction time
    d = X.shape[1]
    with pytest.raises(ValueError):
        gm.predict(np.zeros((1, d + 1)))
    with pytest.raises(ValueError):
        gm.predict_proba(np.full((1, d), np.nan))


# emviz.spark's one check of feature rows (``_features._feature_rows``), on Arrow arrays as Spark
# hands them to Python (also sliced, as batches can be), against a plain reading of the rows.
_spark_row = st.one_of(
    st.none(),
    st.lists(st.one_of(_finite, st.none(), st.sampled_from([float("nan"), float("inf")])), max_size=4),
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(rows=st.lists(_spark_row, max_size=12), d=st.integers(1, 3), cut=st.integers(0, 3))
def test_spark_feature_rows_check(rows, d, cut):
    import pyarrow as pa
    from emviz.spark._features import _feature_rows, _rows_problem

    arr = pa.array([None] * cut + rows, type=pa.list_(pa.float64())).slice(cut)
    X, keep, counts, first = _feature_rows([arr], d, True)
    want = [r is not None and len(r) == d and all(v is not None and np.isfinite(v) for v in r) for r in rows]
    assert keep.tolist() == want
    np.testing.assert_array_equal(X, np.array([r for r, ok in zip(rows, want) if ok], dtype=np.float64).reshape(-1, d))
    assert counts[3 * d] == sum(r is None for r in rows)
    assert counts[3 * d + 1] == sum(r is not None and len(r) != d for r in rows)
    assert counts[3 * d + 2] == len(rows) - sum(want)
    fitting = [r for r in rows if r is not None and len(r) == d]
    for i in range(d):
        assert counts[3 * i] == sum(r[i] is None for r in fitting)
        assert counts[3 * i + 1] == sum(r[i] is not None and np.isnan(r[i]) for r in fitting)
        assert counts[3 * i + 2] == sum(r[i] is not None and np.isinf(r[i]) for r in fitting)
    problem = _rows_problem(counts, first, [f"f[{i}]" for i in range(d)], "f", d, "the first vector's length")
    assert (problem is None) == all(want)
    if counts[3 * d + 1] and not counts[3 * d]:
        i = next(j for j, r in enumerate(rows) if r is not None and len(r) != d)
        assert f"the first has {len(rows[i])} value(s), at row {i}" in problem
