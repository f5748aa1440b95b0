"""The low-level ``emviz._core`` API: Model, Stats (for Spark), em_fit; Ctrl-C; no panics."""

import pickle
import signal
import subprocess
import sys
import time
import warnings

import emviz
import numpy as np
import pytest
from emviz import _core


def model_for(X, k, t="full", seed=0):
    gm = emviz.GaussianMixture(k, covariance_type=t, max_iter=0, init_params="random", random_state=seed).fit(X)
    return gm._fitted_model()


@pytest.mark.parametrize("t", ["full", "tied", "diag", "spherical"])
def test_stats_in_parts_give_the_whole_pass(blobs, t):
    model = model_for(blobs, 3, t)
    whole = _core.Stats(model)
    whole.accumulate(model, blobs)
    parts = []
    for chunk in np.array_split(blobs, 5):
        s = _core.Stats(model)
        s.accumulate(model, np.asfortranarray(chunk))
        parts.append(s.to_bytes())
    total = _core.Stats.from_bytes(parts[0])
    for b in parts[1:]:
        total.merge(pickle.loads(pickle.dumps(_core.Stats.from_bytes(b))))
    assert total.n == whole.n == len(blobs) and (total.k, total.d) == (3, 3)
    np.testing.assert_allclose(total.log_likelihood, whole.log_likelihood, rtol=1e-12)
    np.testing.assert_allclose(total.counts(), whole.counts(), rtol=1e-12)
    a, b = total.m_step(1e-6), whole.m_step(1e-6)
    assert isinstance(a, _core.Model) and isinstance(b, _core.Model)
    for x, y in zip(a.arrays(), b.arrays()):
        np.testing.assert_allclose(x, y, rtol=1e-10, atol=1e-12)
    # bytes round-trip exactly
    again = _core.Stats.from_bytes(total.to_bytes())
    assert again.to_bytes() == total.to_bytes()


def test_stats_em_equals_the_estimator(faithful):
    """EM driven by hand through Stats (as Spark will) gives GaussianMixture's fit."""
    kw = dict(n_components=2, tol=1e-6, max_iter=200, init_params="random", random_state=1)
    gm = emviz.GaussianMixture(**kw).fit(faithful)
    model = model_for(faithful, 2, seed=1)
    prev = -np.inf
    for it in range(1, 201):  # noqa: B007 (the count is read after the loop)
        stats = _core.Stats(model)
        for chunk in np.array_split(faithful, 3):
            part = _core.Stats(model)
            part.accumulate(model, chunk)
            stats.merge(part)
        bound = stats.mean_log_likelihood
        nxt = stats.m_step(1e-6)
        if isinstance(nxt, _core.Stats):  # the rare second pass
            nxt.accumulate(model, faithful)
            nxt = nxt.m_step(1e-6)
        model = nxt
        if abs(bound - prev) < 1e-6:
            break
        prev = bound
    assert it == gm.n_iter_
    np.testing.assert_allclose(model.arrays()[1], gm.means_, rtol=1e-9)


def test_model_pickles_and_errors_are_value_errors(faithful):
    model = model_for(faithful, 2)
    back = pickle.loads(pickle.dumps(model))
    for x, y in zip(back.arrays(), model.arrays()):
        np.testing.assert_array_equal(x, y)
    with pytest.raises(ValueError, match="invalid covariance type"):
        _core.Model("round", np.ones(1), np.zeros((1, 2)), np.eye(2)[None])
    with pytest.raises(ValueError, match="not positive definite"):
        _core.Model("full", np.ones(1), np.zeros((1, 2)), np.zeros((1, 2, 2)))
    s = _core.Stats(model)
    with pytest.raises(ValueError, match="not a finite number"):
        s.accumulate(model, np.array([[1.0, np.inf]]))
    with pytest.raises(ValueError, match="3 columns given"):
        s.accumulate(model, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="nothing to estimate"):
        _core.Stats(model).m_step()
    with pytest.raises(ValueError, match="not written by Stats.to_bytes"):
        _core.Stats.from_bytes(b"junk")
    other = model_for(faithful, 3)
    with pytest.raises(ValueError, match="same parameters"):
        s.merge(_core.Stats(other))


def test_far_point_is_a_value_error(faithful):
    model = model_for(faithful, 2)
    with pytest.raises(ValueError, match="underflows"):
        _core.em_fit(np.array([[1e200, 1e200], [0.0, 0.0]]), model, 1e-6, 1e-3, 10)


def test_ctrl_c_interrupts_a_long_fit():
    X = np.random.RandomState(0).normal(size=(200_000, 2))
    gm = emviz.GaussianMixture(
        5, tol=0.0, max_iter=100_000, init_params="random_from_data", random_state=0, n_threads=1
    )
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    old = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    start = time.perf_counter()
    try:
        with pytest.raises(KeyboardInterrupt):
            gm.fit(X)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert time.perf_counter() - start < 10


def test_works_without_scikit_learn(tmp_path):
    """numpy is the only required dependency: with sklearn unimportable the estimator works."""
    code = r'''
import sys, warnings
sys.modules["sklearn"] = None
import numpy as np, emviz, pickle
from emviz import _compat
assert not _compat.HAVE_SKLEARN
X = np.loadtxt(sys.argv[1])
gm = emviz.GaussianMixture(2, random_state=0)
try:
    gm.predict(X)
except emviz.NotFittedError:
    pass
else:
    raise SystemExit("no NotFittedError")
gm.fit(X)
assert gm.converged_ and gm.means_.shape == (2, 2)
assert sorted(np.round(gm.weights_, 2)) == [0.36, 0.64], gm.weights_
assert gm.get_params()["n_components"] == 2 and "GaussianMixture(" in repr(gm)
gm.set_params(covariance_type="diag").fit(X)
pickle.loads(pickle.dumps(gm)).predict(X)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    emviz.GaussianMixture(2, max_iter=1, random_state=0).fit(X)
assert any(issubclass(x.category, emviz.ConvergenceWarning) for x in w)
try:
    emviz.GaussianMixture(0).fit(X)
except ValueError as e:
    assert "invalid n_components" in str(e)
try:
    gm.predict(X[:, :1])
except ValueError as e:
    assert "X has 1 features" in str(e)
print("ok")
'''
    from conftest import REPO
    out = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "data" / "old_faithful.txt")], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_estimator_to_and_from_core_model(faithful):
    gm = emviz.GaussianMixture(2, covariance_type="diag", random_state=0).fit(faithful)
    model = gm.to_core_model()
    back = emviz.GaussianMixture.from_core_model(
        model, n_iter=gm.n_iter_, converged=True, lower_bounds=gm.lower_bounds_, tol=gm.tol
    )
    for attr in ["weights_", "means_", "covariances_", "precisions_cholesky_"]:
        np.testing.assert_allclose(getattr(back, attr), getattr(gm, attr), rtol=1e-14)
    assert back.lower_bound_ == gm.lower_bounds_[-1] and back.n_iter_ == gm.n_iter_
    np.testing.assert_array_equal(back.predict(faithful), gm.predict(faithful))
    with pytest.raises(emviz.NotFittedError):
        emviz.GaussianMixture().to_core_model()


def test_the_gil_is_released_while_em_runs():
    """Another Python thread keeps running while a fit runs (the GIL is released in Rust)."""
    import threading

    X = np.random.RandomState(1).normal(size=(200_000, 2))
    gm = emviz.GaussianMixture(5, tol=0.0, max_iter=40, init_params="random_from_data", random_state=0, n_threads=1)

    def fit():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", emviz.ConvergenceWarning)
            gm.fit(X)

    t = threading.Thread(target=fit)
    start = time.perf_counter()
    t.start()
    spins = 0
    while t.is_alive():
        spins += 1
    elapsed = time.perf_counter() - start
    assert hasattr(gm, "means_") and gm.n_iter_ == 40
    # Holding the GIL, the fit would leave this loop a handful of turns at most.
    assert spins > 10_000, (spins, elapsed)
