"""emviz.GaussianMixture(...).fit(X, sample_weight=w): integer weights fit as repeated rows and a
zero weight as a dropped row (to 1e-12, from the same start), weights all equal to c as no
weights; bad weights are a ValueError naming the sample; score, bic and aic weighted alike; the
starts never seed at a sample of weight 0; Stats accumulate weighted and merge in any split."""

import emviz
import numpy as np
import pytest
from emviz import _core

TYPES = ["full", "tied", "diag", "spherical"]


def blobs(n=400, d=2, seed=0):
    rng = np.random.RandomState(seed)
    centres = np.array([[0.0] * d, [5.0] + [1.0] * (d - 1), [-3.0] + [6.0] * (d - 1)])
    return np.vstack([c + rng.normal(scale=0.8 + 0.2 * j, size=(n // 3, d)) for j, c in enumerate(centres)])


def integer_weights(n, seed=1):
    return np.random.RandomState(seed).randint(0, 4, size=n).astype(float)


def start(X, t, k=3):
    """A start given in full (weights, means, precisions), so both fits begin at the same point."""
    d = X.shape[1]
    means = X[np.linspace(0, len(X) - 1, k).astype(int)]
    precisions = {
        "full": np.stack([np.eye(d)] * k),
        "tied": np.eye(d),
        "diag": np.ones((k, d)),
        "spherical": np.ones(k),
    }[t]
    return dict(weights_init=np.full(k, 1.0 / k), means_init=means, precisions_init=precisions)


def fitted(X, t, sw=None, **kw):
    gm = emviz.GaussianMixture(3, covariance_type=t, tol=1e-10, max_iter=200, random_state=0, **kw)
    return gm.fit(X, sample_weight=sw)


def max_diff(a, b):
    pairs = [
        (a.weights_, b.weights_),
        (a.means_, b.means_),
        (a.covariances_, b.covariances_),
        (a.lower_bounds_, b.lower_bounds_),
    ]
    return max(float(np.max(np.abs(np.asarray(x) - np.asarray(y)))) for x, y in pairs)


@pytest.mark.parametrize("t", TYPES)
@pytest.mark.parametrize("d", [2, 5])
def test_integer_weights_fit_as_repeated_rows(t, d):
    X = blobs(d=d)
    w = integer_weights(len(X))
    a = fitted(X, t, w, **start(X, t))
    b = fitted(np.repeat(X, w.astype(int), axis=0), t, **start(X, t))
    assert a.n_iter_ == b.n_iter_
    diff = max_diff(a, b)
    print(f"{t}, d = {d}: integer weights vs repeated rows max |Δ| = {diff:.1e}")
    assert diff < 1e-12
    assert abs(a.lower_bound_ - b.lower_bound_) < 1e-12


@pytest.mark.parametrize("t", TYPES)
def test_a_zero_weight_drops_the_row_and_equal_weights_change_nothing(t):
    X = blobs()
    w = np.ones(len(X))
    w[::7] = 0.0
    kept = X[w > 0]
    assert max_diff(fitted(X, t, w, **start(kept, t)), fitted(kept, t, **start(kept, t))) < 1e-12
    plain = fitted(X, t, **start(X, t))
    for c in [0.3, 1.0, 4.0]:
        assert max_diff(fitted(X, t, np.full(len(X), c), **start(X, t)), plain) < 1e-12


@pytest.mark.parametrize("init", ["kmeans", "k-means++", "random", "random_from_data"])
def test_starts_honour_weights_and_equal_weights_keep_the_random_stream(init):
    X = blobs()
    # The samples of weight 0 sit far away: a start seeded there would put a mean there.
    far = X.copy()
    far[200:] += 1000.0
    w = np.ones(len(X))
    w[200:] = 0.0
    gm = emviz.GaussianMixture(3, init_params=init, random_state=0, max_iter=0).fit(far, sample_weight=w)
    if init != "random":  # random responsibilities put every sample in every component
        assert np.all(np.abs(gm.means_) < 100.0), init
    fit = emviz.GaussianMixture(3, init_params=init, random_state=0).fit(far, sample_weight=w)
    assert np.all(np.abs(fit.means_) < 100.0), init


def test_score_bic_and_aic_are_weighted_consistently():
    X = blobs()
    w = integer_weights(len(X))
    gm = fitted(X, "full", w, **start(X, "full"))
    rep = np.repeat(X, w.astype(int), axis=0)
    assert abs(gm.score(X, sample_weight=w) - gm.score(rep)) < 1e-12
    assert abs(gm.bic(X, sample_weight=w) - gm.bic(rep)) < 1e-9
    assert abs(gm.aic(X, sample_weight=w) - gm.aic(rep)) < 1e-9
    # The fit's lower bound is the weighted mean log-likelihood of its E-step.
    assert gm.score_samples(X).shape == (len(X),)
    assert abs(gm.score(X) - gm.score_samples(X).mean()) < 1e-15
    np.testing.assert_array_equal(gm.fit_predict(X, sample_weight=w), gm.predict(X))


@pytest.mark.parametrize(
    "bad, message",
    [
        (lambda n: np.r_[np.ones(n - 1), -1.0], r"point \d+ is -1"),
        (lambda n: np.r_[np.nan, np.ones(n - 1)], r"point 1 is NaN"),
        (lambda n: np.r_[np.ones(n - 1), np.inf], r"point \d+ is inf"),
        (lambda n: np.zeros(n), r"weights are zero"),
        (lambda n: np.ones(n - 1), r"weight\(s\) given for \d+ point"),
        (lambda n: np.ones((n, 1)), r"one weight per sample"),
    ],
)
def test_bad_weights_are_a_value_error_naming_the_sample(bad, message):
    X = blobs()
    with pytest.raises(ValueError, match=message):
        emviz.GaussianMixture(2).fit(X, sample_weight=bad(len(X)))
    gm = emviz.GaussianMixture(2, random_state=0).fit(X)
    with pytest.raises(ValueError, match=message):
        gm.score(X, sample_weight=bad(len(X)))


def test_too_few_points_of_positive_weight():
    X = blobs()
    w = np.zeros(len(X))
    w[:2] = 1.0
    with pytest.raises(ValueError, match="2 points of positive weight cannot be split into 3"):
        emviz.GaussianMixture(3).fit(X, sample_weight=w)


def test_weights_are_not_overwritten_and_lists_work():
    X = blobs()
    w = integer_weights(len(X)) + 0.5
    copy = w.copy()
    a = emviz.GaussianMixture(3, random_state=0).fit(X, sample_weight=w)
    np.testing.assert_array_equal(w, copy)
    b = emviz.GaussianMixture(3, random_state=0).fit(X, sample_weight=list(w))
    assert max_diff(a, b) == 0.0


def test_weighted_stats_merge_in_any_split():
    X = blobs(900)
    w = integer_weights(len(X)) * 0.75 + 0.1
    gm = emviz.GaussianMixture(3, random_state=0).fit(X, sample_weight=w)
    model = gm.to_core_model()
    one = _core.Stats(model)
    one.accumulate(model, X, sample_weight=w)
    assert abs(one.total_weight - w.sum()) < 1e-9
    for cuts in ([1], [64, 65], [100, 450, 899]):
        bounds = [0, *cuts, len(X)]
        total = None
        for lo, hi in zip(bounds, bounds[1:]):
            s = _core.Stats(model)
            s.accumulate(model, np.ascontiguousarray(X[lo:hi]), sample_weight=w[lo:hi])
            total = s if total is None else (total.merge(s) or total)
        assert abs(total.log_likelihood - one.log_likelihood) < 1e-12 * abs(one.log_likelihood)
        np.testing.assert_allclose(total.counts(), one.counts(), rtol=1e-12)
    with pytest.raises(ValueError, match="point 3"):
        _core.Stats(model).accumulate(model, X[:5], sample_weight=np.array([1, 1, -1, 1, 1.0]))
