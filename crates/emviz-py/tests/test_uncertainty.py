"""uncertainty(X) and icl(X) (mclust's definitions, computed by the core): uncertainty is
1 − predict_proba(X).max(1) for GaussianMixture and BayesianGaussianMixture; icl is bic(X) − 2 Σ
log max p(j | x) (each term times its weight with sample_weight), computed here from predict_proba
and bic; bad input is refused as by the other methods."""

import pathlib

import emviz
import numpy as np
import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
TYPES = ["full", "tied", "diag", "spherical"]


@pytest.fixture(scope="module")
def faithful():
    return np.loadtxt(REPO / "data" / "old_faithful.txt")


def mclust_icl(gm, X, sample_weight=None):
    """ICL as mclust defines it, from predict_proba and bic (BIC's sign: lower is better)."""
    classified = np.log(gm.predict_proba(X).max(axis=1))
    w = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    return gm.bic(X, sample_weight=sample_weight) - 2.0 * np.dot(w, classified)


@pytest.mark.parametrize("t", TYPES)
def test_uncertainty_is_one_minus_the_largest_responsibility(faithful, t):
    gm = emviz.GaussianMixture(3, covariance_type=t, random_state=0).fit(faithful)
    u = gm.uncertainty(faithful)
    assert u.shape == (len(faithful),) and u.dtype == np.float64
    np.testing.assert_allclose(u, 1.0 - gm.predict_proba(faithful).max(axis=1), rtol=0, atol=1e-15)
    assert u.min() >= 0.0 and u.max() <= 1.0 - 1.0 / 3 + 1e-15
    assert u.max() > 1e-3  # some samples lie between components


@pytest.mark.parametrize("t", TYPES)
def test_icl_is_bic_plus_twice_the_classification_entropy(faithful, t):
    gm = emviz.GaussianMixture(2, covariance_type=t, random_state=0).fit(faithful)
    icl = gm.icl(faithful)
    assert isinstance(icl, float)
    np.testing.assert_allclose(icl, mclust_icl(gm, faithful), rtol=1e-12)
    assert icl > gm.bic(faithful)


def test_weighted_icl_counts_each_sample_by_its_weight(faithful):
    w = np.random.RandomState(3).randint(0, 4, size=len(faithful)).astype(float)
    gm = emviz.GaussianMixture(2, random_state=0).fit(faithful, sample_weight=w)
    np.testing.assert_allclose(gm.icl(faithful, sample_weight=w), mclust_icl(gm, faithful, w), rtol=1e-12)
    # integer weights: the ICL of the repeated rows
    repeated = np.repeat(faithful, w.astype(int), axis=0)
    np.testing.assert_allclose(gm.icl(faithful, sample_weight=w), gm.icl(repeated), rtol=1e-10)
    # all weights 1 is no weights
    np.testing.assert_allclose(gm.icl(faithful, sample_weight=1.0), gm.icl(faithful), rtol=1e-14)


def test_bayesian_uncertainty_is_one_minus_the_largest_responsibility(faithful):
    bgm = emviz.BayesianGaussianMixture(n_components=4, random_state=0).fit(faithful)
    u = bgm.uncertainty(faithful)
    np.testing.assert_allclose(u, 1.0 - bgm.predict_proba(faithful).max(axis=1), rtol=0, atol=1e-15)


def test_bad_input_is_refused_as_by_the_other_methods(faithful):
    gm = emviz.GaussianMixture(2, random_state=0)
    with pytest.raises(emviz.NotFittedError):
        gm.uncertainty(faithful)
    with pytest.raises(emviz.NotFittedError):
        emviz.BayesianGaussianMixture(n_components=2).uncertainty(faithful)
    gm.fit(faithful)
    for method in (gm.uncertainty, gm.icl, gm.predict_proba):
        with pytest.raises(ValueError, match="X has 3 features, but GaussianMixture is expecting 2"):
            method(np.zeros((4, 3)))
        with pytest.raises(ValueError):
            method(np.full((2, 2), np.nan))
    with pytest.raises(ValueError, match="sample"):
        gm.icl(faithful, sample_weight=-np.ones(len(faithful)))
    with pytest.raises(ValueError):
        gm.icl(faithful, sample_weight=np.ones(3))
