"""What the package binds from the core: the rules, its check, the loop over a Python pass, the
start's M-step, the criteria and the model JSON (``emviz._core``)."""

import json

import emviz
import numpy as np
import pytest
from emviz import _core, _rules


def test_the_rules_are_the_cores():
    r = _core.RULES
    assert [t["name"] for t in r["covariance_types"]] == list(_rules.COVARIANCE_TYPES)
    assert (_rules.K_MIN, _rules.K_MAX) == (r["k"]["min"], r["k"]["max"]) == (1, 10)
    assert r["seed"]["max"] == 2**53 and r["defaults"]["tol"] == 1e-4
    assert r["book"]["means"] == [0.0, 50.0, 0.0, 100.0] and r["book"]["reg_covar"] == 0.0
    names = [n for i in r["inits"] for n in _rules.names_of(i)]
    assert _rules.KMEANSPP in names and "k-means++" in names
    assert _core.book_start_applies(2, 2) and not _core.book_start_applies(2, 3)


def test_the_cores_check_with_its_messages():
    _core.check_params(2, 10, 2, init="book", tol=1e-4, reg_covar=0.0)
    with pytest.raises(ValueError, match="3 points cannot be split into 4 components"):
        _core.check_params(4, 3, 2)
    with pytest.raises(ValueError, match="invalid tol"):
        _core.check_params(2, 10, 2, tol=-1.0)
    with pytest.raises(ValueError, match="invalid reg_covar"):
        _core.check_params(2, 10, 2, reg_covar=float("nan"))
    with pytest.raises(ValueError, match="invalid means: 4 numbers given, but K = 2 means of 3 values"):
        _core.check_params(2, 10, 3, init="book")
    with pytest.raises(ValueError, match="invalid init"):
        _core.check_params(2, 10, 2, init="kmedoids")


@pytest.mark.parametrize("t", _rules.COVARIANCE_TYPES)
def test_drive_over_a_python_pass_is_em_fit(blobs, t):
    gm = emviz.GaussianMixture(3, covariance_type=t, max_iter=0, init_params="random", random_state=2).fit(blobs)
    start = gm._fitted_model()
    calls = []

    def one_pass(model, empty):
        calls.append(empty)
        stats = _core.Stats(model) if empty is None else empty
        for chunk in np.array_split(blobs, 4):
            part = _core.Stats(model) if empty is None else None
            if part is None:
                stats.accumulate(model, chunk)
            else:
                part.accumulate(model, chunk)
                stats.merge(part)
        return stats

    ours = _core.drive(start, 1e-6, 1e-8, 60, one_pass)
    whole = _core.em_fit(blobs, start, 1e-6, 1e-8, 60)
    assert ours[2] == whole[2] and ours[3] == whole[3] and len(calls) >= ours[2]
    np.testing.assert_allclose(ours[1], whole[1], rtol=1e-12)
    for a, b in zip(ours[0].arrays(), whole[0].arrays()):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_drive_raises_what_the_pass_raises(blobs):
    start = emviz.GaussianMixture(2, max_iter=0, init_params="random", random_state=0).fit(blobs)._fitted_model()

    def failing(model, empty):
        raise RuntimeError("the cluster went away")

    with pytest.raises(RuntimeError, match="the cluster went away"):
        _core.drive(start, 1e-6, 1e-3, 10, failing)
    with pytest.raises(TypeError):
        _core.drive(start, 1e-6, 1e-3, 10, lambda model, empty: 42)
    with pytest.raises(ValueError, match="invalid tol"):
        _core.drive(start, 1e-6, -1.0, 10, failing)


@pytest.mark.parametrize("t", _rules.COVARIANCE_TYPES)
def test_the_starts_m_step_is_scikit_learns(faithful, t):
    import sklearn.mixture._gaussian_mixture as sk

    rs = np.random.RandomState(0)
    resp = rs.uniform(size=(len(faithful), 3))
    resp /= resp.sum(axis=1)[:, np.newaxis]
    seeds = np.zeros_like(resp)
    seeds[rs.choice(len(faithful), 3, replace=False), np.arange(3)] = 1.0
    for r in (resp, seeds):
        nk, means, full = _core.estimate_parameters(_core.Data(faithful), r, t, 1e-6)
        want_nk, want_means, want_cov = sk._estimate_gaussian_parameters(faithful, r, 1e-6, t)
        np.testing.assert_allclose(nk, want_nk, rtol=1e-12)
        np.testing.assert_allclose(means, want_means, rtol=1e-12)
        from emviz.mixture import _from_full

        np.testing.assert_allclose(_from_full(full, t), want_cov, rtol=1e-9, atol=1e-12)


def test_criteria_are_the_cores(faithful):
    gm = emviz.GaussianMixture(2, random_state=0).fit(faithful)
    n, p = len(faithful), _core.n_parameters("full", 2, 2)
    assert p == gm._n_parameters() == gm._fitted_model().n_parameters() == 11
    ll = gm.score(faithful)
    assert gm.bic(faithful) == _core.bic(ll, n, p) == pytest.approx(-2 * ll * n + p * np.log(n), rel=1e-14)
    assert gm.aic(faithful) == _core.aic(ll, n, p) == pytest.approx(-2 * ll * n + 2 * p, rel=1e-14)


def test_model_json_round_trips_every_float(faithful):
    gm = emviz.GaussianMixture(2, covariance_type="diag", random_state=0).fit(faithful)
    model = gm.to_core_model()
    text = _core.model_to_json(model, ["eruptions", "waiting"], True, 7, [-2.0, -1.5], 1)
    doc = json.loads(text)
    assert doc["lower_bound"] == doc["log_likelihood"] == -1.5 and doc["n_iter"] == 7
    assert doc["feature_names"] == ["eruptions", "waiting"] and doc["covariance_type"] == "diag"
    back, names, converged, n_iter, trace = _core.model_from_json(text)
    assert names == ["eruptions", "waiting"] and converged and n_iter == 7 and trace == [-2.0, -1.5]
    for a, b in zip(back.arrays(), model.arrays()):
        np.testing.assert_array_equal(a, b)
    bare = json.loads(_core.model_to_json(model))
    assert bare["feature_names"] == ["x1", "x2"] and bare["lower_bound"] is None
    # scikit-learn's shapes, and a type given when the text names none
    sk = {"weights": gm.weights_.tolist(), "means": gm.means_.tolist(), "covariances": gm.covariances_.tolist()}
    again, names, *_ = _core.model_from_json(json.dumps(sk), "diag")
    assert names is None and again.covariance_type == "diag"
    np.testing.assert_array_equal(again.arrays()[2], model.arrays()[2])
    with pytest.raises(ValueError, match="invalid model JSON"):
        _core.model_from_json("{")
