"""emviz.BayesianGaussianMixture(...).fit(X, sample_weight=w): integer weights fit as repeated rows
and a zero weight as a dropped row (every fitted attribute and bound to 1e-10, from the same
start), weights all 1 as no weights; the default priors are the weighted moments
(np.cov's fweights); bad weights are GaussianMixture's ValueErrors; score is weighted; and
scikit-learn's sample-weight checks pass."""

import copy
import warnings

import emviz
import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.estimator_checks import check_estimator
from test_sklearn_compat import RANDOM_START, SAMPLE_WEIGHT_CHECKS

TYPES = ["full", "tied", "diag", "spherical"]
PRIORS = ["dirichlet_process", "dirichlet_distribution"]
ATTRS = [
    "weights_",
    "means_",
    "covariances_",
    "precisions_cholesky_",
    "mean_precision_",
    "degrees_of_freedom_",
    "mean_prior_",
    "covariance_prior_",
    "lower_bound_",
    "lower_bounds_",
]


def blobs(n=300, d=2, seed=0):
    rng = np.random.RandomState(seed)
    centres = np.array([[0.0] * d, [5.0] + [1.0] * (d - 1), [-3.0] + [6.0] * (d - 1)])
    return np.vstack([c + rng.normal(scale=0.8 + 0.2 * j, size=(n // 3, d)) for j, c in enumerate(centres)])


def integer_weights(n, seed=1):
    return np.random.RandomState(seed).randint(0, 4, size=n).astype(float)


def started(X, t, prior, **kw):
    """An estimator holding a posterior after two unweighted iterations on X: fitting it again with
    warm_start=True starts both fits compared from the very same posterior."""
    est = emviz.BayesianGaussianMixture(
        n_components=3, covariance_type=t, weight_concentration_prior_type=prior, max_iter=2,
        random_state=0, tol=1e-10, **kw,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X)
    est.set_params(warm_start=True, max_iter=300)
    return est


def assert_fits_close(a, b, tol=1e-10):
    assert a.n_iter_ == b.n_iter_
    assert a.converged_ == b.converged_
    for attr in ATTRS:
        x, y = np.asarray(getattr(a, attr), float), np.asarray(getattr(b, attr), float)
        np.testing.assert_allclose(x, y, rtol=tol, atol=tol, err_msg=attr)
    wa, wb = a.weight_concentration_, b.weight_concentration_
    for x, y in zip(wa if isinstance(wa, tuple) else (wa,), wb if isinstance(wb, tuple) else (wb,)):
        np.testing.assert_allclose(x, y, rtol=tol, atol=tol, err_msg="weight_concentration_")


def fit_pair(X, w, plain, t, prior):
    start = started(X, t, prior)
    a, b = copy.deepcopy(start), copy.deepcopy(start)
    a.fit(X, sample_weight=w)
    b.fit(plain)
    return a, b


@pytest.mark.parametrize("prior", PRIORS)
@pytest.mark.parametrize("t", TYPES)
def test_integer_weights_fit_as_repeated_rows(t, prior):
    X = blobs()
    w = integer_weights(len(X))
    a, b = fit_pair(X, w, np.repeat(X, w.astype(int), axis=0), t, prior)
    assert a.n_iter_ > 3
    assert_fits_close(a, b)


@pytest.mark.parametrize("t", TYPES)
def test_a_zero_weight_drops_the_row(t):
    X = blobs(seed=2)
    w = np.ones(len(X))
    w[::7] = 0.0
    a, b = fit_pair(X, w, X[w > 0], t, "dirichlet_process")
    assert_fits_close(a, b)


# k-means++ and random_from_data draw their seeds ∝ w (never at a weight 0): with weights all 1
# that is another draw than the unweighted one, as for GaussianMixture.
@pytest.mark.parametrize("init", ["kmeans", "random"])
def test_weights_all_one_are_no_weights(init):
    X = blobs(seed=3)
    kw = dict(n_components=3, init_params=init, random_state=4, n_init=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = emviz.BayesianGaussianMixture(**kw).fit(X, sample_weight=np.ones(len(X)))
        b = emviz.BayesianGaussianMixture(**kw).fit(X)
    assert_fits_close(a, b, tol=0.0)


@pytest.mark.parametrize("t", TYPES)
def test_weights_all_one_from_one_start_are_no_weights(t):
    X = blobs(seed=3)
    a, b = fit_pair(X, np.ones(len(X)), X, t, "dirichlet_distribution")
    assert_fits_close(a, b, tol=0.0)


def test_the_default_priors_are_the_weighted_moments():
    X = blobs(seed=5)
    w = np.linspace(0.2, 3.0, len(X))
    gm = emviz.BayesianGaussianMixture(n_components=2, max_iter=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(X, sample_weight=w)
    np.testing.assert_allclose(gm.mean_prior_, np.average(X, axis=0, weights=w), rtol=1e-12)
    # np.cov's fweights take integers only: Σ w(x − x̄)(x − x̄)ᵀ / (Σ w − 1) written out.
    c = X - np.average(X, axis=0, weights=w)
    np.testing.assert_allclose(gm.covariance_prior_, (c * w[:, None]).T @ c / (w.sum() - 1.0), rtol=1e-12)
    # Integer weights: np.cov's own fweights.
    wi = integer_weights(len(X))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(X, sample_weight=wi)
    np.testing.assert_allclose(gm.covariance_prior_, np.cov(X.T, fweights=wi.astype(int)), rtol=1e-12)


def test_score_and_fit_predict_take_weights():
    X = blobs(seed=6)
    w = integer_weights(len(X), seed=7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm = emviz.BayesianGaussianMixture(n_components=3, random_state=0).fit(X, sample_weight=w)
        labels = emviz.BayesianGaussianMixture(n_components=3, random_state=0).fit_predict(X, sample_weight=w)
    np.testing.assert_array_equal(labels, gm.predict(X))
    s = gm.score_samples(X)
    assert gm.score(X, sample_weight=w) == pytest.approx(np.dot(w, s) / w.sum(), rel=1e-12)
    assert gm.score(X) == pytest.approx(s.mean(), rel=1e-12)


@pytest.mark.parametrize(
    "bad, message",
    [
        (lambda n: np.r_[np.ones(n - 1), -1.0], "point"),
        (lambda n: np.r_[np.nan, np.ones(n - 1)], "point 1"),
        (lambda n: np.zeros(n), "all zero"),
        (lambda n: np.ones(n + 1), "sample_weight"),
        (lambda n: np.ones((n, 2)), "sample_weight"),
    ],
)
def test_bad_weights_are_gaussian_mixtures_value_errors(bad, message):
    X = blobs(seed=8)
    w = bad(len(X))
    with pytest.raises(ValueError) as bgm:
        emviz.BayesianGaussianMixture(n_components=2).fit(X, sample_weight=w)
    with pytest.raises(ValueError) as gm:
        emviz.GaussianMixture(n_components=2).fit(X, sample_weight=w)
    assert str(bgm.value) == str(gm.value)


def test_too_few_points_of_positive_weight():
    X = blobs(seed=9)
    w = np.zeros(len(X))
    w[:2] = 1.0
    with pytest.raises(ValueError, match="2 points of positive weight cannot be split into 3"):
        emviz.BayesianGaussianMixture(n_components=3).fit(X, sample_weight=w)


def test_a_total_weight_of_at_most_one_needs_a_covariance_prior():
    X = blobs(seed=10)
    w = np.full(len(X), 1.0 / len(X))
    with pytest.raises(ValueError, match="total weight above 1"):
        emviz.BayesianGaussianMixture(n_components=2).fit(X, sample_weight=w)
    gm = emviz.BayesianGaussianMixture(n_components=2, covariance_prior=np.eye(2), random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(X, sample_weight=w)
    assert np.isfinite(gm.lower_bound_)


def test_sample_weight_checks_pass_with_one_component():
    results = check_estimator(emviz.BayesianGaussianMixture(random_state=0), on_fail=None)
    ran = {r["check_name"]: r["status"] for r in results if r["check_name"] in SAMPLE_WEIGHT_CHECKS}
    assert ran == {name: "passed" for name in SAMPLE_WEIGHT_CHECKS}


@pytest.mark.parametrize("t", TYPES)
def test_check_estimator_with_two_components(t):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = emviz.BayesianGaussianMixture(n_components=2, covariance_type=t, n_init=2, random_state=0)
        results = check_estimator(est, on_fail=None, expected_failed_checks=RANDOM_START)
    assert [r["check_name"] for r in results if r["status"] not in ("passed", "xfail")] == []
    assert SAMPLE_WEIGHT_CHECKS <= {r["check_name"] for r in results}
