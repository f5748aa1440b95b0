"""From the same start, emviz.GaussianMixture gives scikit-learn's fit (to 1e-9)."""

import warnings

import emviz
import numpy as np
import pytest
import sklearn.mixture as sklearn_mixture

SK = sklearn_mixture.GaussianMixture

ATTRS = ["weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"]
COV_TYPES = ["full", "tied", "diag", "spherical"]


def start(X, k, t, seed):
    """A start in scikit-learn's terms: weights_init, means_init, precisions_init."""
    rs = np.random.RandomState(seed)
    n, d = X.shape
    means = X[rs.choice(n, k, replace=False)] + rs.normal(scale=0.1, size=(k, d))
    weights = rs.dirichlet(np.full(k, 5.0))
    var = X.var(axis=0)
    if t == "full":
        prec = np.array([np.diag(1.0 / (var * rs.uniform(0.2, 1.0, d))) for _ in range(k)])
    elif t == "tied":
        prec = np.diag(1.0 / var)
    elif t == "diag":
        prec = 1.0 / (var * rs.uniform(0.2, 1.0, (k, d)))
    else:
        prec = 1.0 / (var.mean() * rs.uniform(0.2, 1.0, k))
    return dict(weights_init=weights, means_init=means, precisions_init=prec)


def assert_same_fit(a, b, X, first_bound_rtol=1e-9):
    assert a.n_iter_ == b.n_iter_
    assert a.converged_ == b.converged_
    for attr in ATTRS:
        np.testing.assert_allclose(getattr(a, attr), getattr(b, attr), rtol=1e-9, atol=1e-9, err_msg=attr)
    np.testing.assert_allclose(a.lower_bound_, b.lower_bound_, rtol=1e-9, atol=1e-9)
    assert len(a.lower_bounds_) == a.n_iter_
    if hasattr(b, "lower_bounds_"):  # scikit-learn >= 1.7
        np.testing.assert_allclose(a.lower_bounds_[:1], b.lower_bounds_[:1], rtol=first_bound_rtol, atol=1e-9)
        np.testing.assert_allclose(a.lower_bounds_[1:], b.lower_bounds_[1:], rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(a.score_samples(X), b.score_samples(X), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(a.score(X), b.score(X), rtol=1e-9)
    np.testing.assert_allclose(a.bic(X), b.bic(X), rtol=1e-9)
    np.testing.assert_allclose(a.aic(X), b.aic(X), rtol=1e-9)


@pytest.mark.parametrize("t", COV_TYPES)
@pytest.mark.parametrize("k", [2, 3])
def test_old_faithful_same_start_same_fit(faithful, t, k):
    kw = dict(n_components=k, covariance_type=t, tol=1e-6, max_iter=1000, **start(faithful, k, t, k))
    a = emviz.GaussianMixture(**kw).fit(faithful)
    b = SK(**kw).fit(faithful)
    assert a.converged_
    assert_same_fit(a, b, faithful)


def test_the_books_start_on_old_faithful(faithful):
    """The book's start (means (0, 50), (0, 100), identity covariances) and its answer."""
    kw = dict(
        n_components=2, tol=1e-4, reg_covar=0.0, weights_init=[0.5, 0.5],
        means_init=[[0.0, 50.0], [0.0, 100.0]], precisions_init=np.array([np.eye(2)] * 2),
    )
    a = emviz.GaussianMixture(**kw).fit(faithful)
    b = SK(**kw).fit(faithful)
    assert_same_fit(a, b, faithful)
    np.testing.assert_allclose(a.weights_, [0.356, 0.644], atol=1e-3)
    np.testing.assert_allclose(a.means_, [[2.04, 54.48], [4.29, 79.97]], atol=1e-2)


@pytest.mark.parametrize("t", COV_TYPES)
def test_blobs_same_start_same_fit(blobs, t):
    kw = dict(n_components=3, covariance_type=t, tol=1e-5, max_iter=1000, **start(blobs, 3, t, 7))
    a = emviz.GaussianMixture(**kw).fit(blobs)
    b = SK(**kw).fit(blobs)
    assert_same_fit(a, b, blobs)


@pytest.mark.parametrize("t", COV_TYPES)
def test_max_iter_reached_same_fit_and_warning(blobs, t):
    kw = dict(n_components=4, covariance_type=t, tol=0.0, max_iter=7, **start(blobs, 4, t, 1))
    with pytest.warns(emviz.ConvergenceWarning):
        a = emviz.GaussianMixture(**kw).fit(blobs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        b = SK(**kw).fit(blobs)
    assert not a.converged_ and a.n_iter_ == 7
    assert_same_fit(a, b, blobs)


@pytest.mark.parametrize("init", ["random", "random_from_data"])
@pytest.mark.parametrize("t", COV_TYPES)
def test_random_inits_and_n_init_match(faithful, init, t):
    """These two initialisations draw from random_state exactly as scikit-learn does."""
    kw = dict(n_components=3, covariance_type=t, init_params=init, random_state=5, n_init=3, tol=1e-6, max_iter=500)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = emviz.GaussianMixture(**kw).fit(faithful)
        b = SK(**kw).fit(faithful)
    # random_from_data's start weights sum to k/n, not 1: the first lower bound shows it (as
    # scikit-learn's does), and agrees too.
    assert_same_fit(a, b, faithful)


def test_only_means_init_matches(blobs):
    """means_init alone: weights and covariances come from the initial responsibilities (here
    init_params="random", drawn as scikit-learn draws them), the means from means_init."""
    sk = SK(n_components=3, random_state=0).fit(blobs)
    kw = dict(n_components=3, means_init=sk.means_ + 0.5, init_params="random", tol=1e-6, max_iter=500, random_state=0)
    a = emviz.GaussianMixture(**kw).fit(blobs)
    b = SK(**kw).fit(blobs)
    assert_same_fit(a, b, blobs)


@pytest.mark.parametrize("t", COV_TYPES)
def test_warm_start_continues_like_sklearn(faithful, t):
    kw = dict(n_components=2, covariance_type=t, warm_start=True, max_iter=2, tol=1e-8, **start(faithful, 2, t, 3))
    a, b = emviz.GaussianMixture(**kw), SK(**kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            a.fit(faithful)
            b.fit(faithful)
            assert_same_fit(a, b, faithful)


def test_max_iter_zero_keeps_the_start(faithful):
    # (scikit-learn itself fails on max_iter=0 with precisions_init: it never sets covariances_)
    kw = dict(n_components=2, max_iter=0, init_params="random_from_data", random_state=0)
    a = emviz.GaussianMixture(**kw).fit(faithful)
    b = SK(**kw).fit(faithful)
    assert a.n_iter_ == 0 and a.lower_bounds_ == [] and a.lower_bound_ == -np.inf
    for attr in ATTRS:
        np.testing.assert_allclose(getattr(a, attr), getattr(b, attr), rtol=1e-9, atol=1e-12)


def test_sample_draws_what_sklearn_draws(faithful):
    for t in COV_TYPES:
        kw = dict(n_components=2, covariance_type=t, random_state=4, **start(faithful, 2, t, 4))
        a = emviz.GaussianMixture(**kw).fit(faithful)
        b = SK(**kw).fit(faithful)
        xa, ya = a.sample(50)
        xb, yb = b.sample(50)
        np.testing.assert_array_equal(ya, yb)
        np.testing.assert_allclose(xa, xb, rtol=1e-7, atol=1e-7)


def test_float32_and_fortran_input_give_the_float64_fit(blobs):
    kw = dict(n_components=3, **start(blobs, 3, "full", 2))
    ref = emviz.GaussianMixture(**kw).fit(blobs)
    f = emviz.GaussianMixture(**kw).fit(np.asfortranarray(blobs))
    np.testing.assert_array_equal(ref.means_, f.means_)
    g = emviz.GaussianMixture(**kw).fit(blobs.astype(np.float32))
    np.testing.assert_allclose(g.means_, ref.means_, rtol=1e-4)


def test_threads_give_the_same_fit(blobs):
    kw = dict(n_components=3, covariance_type="full", **start(blobs, 3, "full", 2))
    one = emviz.GaussianMixture(n_threads=1, **kw).fit(blobs)
    two = emviz.GaussianMixture(n_threads=2, **kw).fit(blobs)
    for attr in ATTRS:
        np.testing.assert_allclose(getattr(one, attr), getattr(two, attr), rtol=1e-12, atol=1e-12)
    assert one.n_iter_ == two.n_iter_
