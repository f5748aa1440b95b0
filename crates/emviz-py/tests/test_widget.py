"""emviz.Widget's Python side (no browser): data, settings, errors, model_ from the page's state,
and emviz.show's start. The browser side is tests/test_notebook.py."""

import anywidget  # noqa: F401  (the widget needs it: an import error, never a skip)
import emviz
import numpy as np
import pytest
from emviz import widget as W  # noqa: E402


@pytest.fixture(autouse=True)
def page(monkeypatch, tmp_path):
    if not W._PAGE.exists():  # an editable build without the page: a stand-in for these tests
        fake = tmp_path / "emviz.html"
        fake.write_text("<html><head></head><body>page</body></html>")
        monkeypatch.setattr(W, "_PAGE", fake)


def test_widget_takes_arrays_and_dataframes(faithful):
    w = emviz.Widget(faithful, n_components=3, covariance_type="diag", init="random", random_state=4)
    assert w.n_components == 3 and w.covariance_type == "diag" and w.init == "random" and w.random_state == 4
    lines = w._data.splitlines()
    assert lines[0] == '"x1","x2"' and len(lines) == 273
    np.testing.assert_array_equal(np.loadtxt(lines[1:], delimiter=","), faithful)
    assert "<html" in w._page
    import pandas as pd

    w = emviz.Widget(pd.DataFrame(faithful, columns=["eruptions", "waiting"]))
    assert w._data.splitlines()[0] == '"eruptions","waiting"'
    assert w.init == "kmeanspp"


@pytest.mark.parametrize(
    "kw, match",
    [
        (dict(n_components=11), "invalid n_components"),
        (dict(covariance_type="round"), "invalid covariance_type"),
        (dict(init="kmedoids"), "invalid init"),
        (dict(init=np.zeros((3, 2))), r"invalid init: means of shape \(3, 2\)"),
    ],
)
def test_widget_errors(faithful, kw, match):
    with pytest.raises(ValueError, match=match):
        emviz.Widget(faithful, **kw)
    with pytest.raises(ValueError, match="finite"):
        emviz.Widget(np.array([[1.0, np.nan], [2.0, 3.0]]))


def test_model_from_the_state_shown(faithful):
    w = emviz.Widget(faithful, n_components=2, covariance_type="tied", init="book")
    with pytest.raises(RuntimeError, match="not been shown"):
        _ = w.model_
    sk = emviz.GaussianMixture(2, covariance_type="tied", random_state=0).fit(faithful)
    full = np.array([sk.covariances_] * 2)
    w._state = {
        "iteration": 7, "weights": sk.weights_.tolist(), "means": sk.means_.tolist(),
        "covariances": full.tolist(), "converged": True, "trace": [-5.0, -4.5, -4.4],
        "settings": {"covarianceType": "tied"},
    }
    m = w.model_
    np.testing.assert_allclose(m.means_, sk.means_)
    np.testing.assert_allclose(m.covariances_, sk.covariances_)
    assert m.n_iter_ == 7 and m.converged_ and m.lower_bounds_ == [-5.0, -4.5]
    np.testing.assert_allclose(m.predict_proba(faithful), sk.predict_proba(faithful), atol=1e-12)


def test_show_starts_from_the_models_start(faithful):
    sk = emviz.GaussianMixture(
        2, means_init=[[2.0, 50.0], [4.0, 80.0]], weights_init=[0.4, 0.6],
        precisions_init=[[1.0, 0.1], [0.1, 0.02]], covariance_type="tied", random_state=3,
    ).fit(faithful)
    w = emviz.show(sk, faithful)
    vals = [float(v) for v in w._start.split(",")]
    assert vals[:2] == [0.4, 0.6] and vals[2:6] == [2.0, 50.0, 4.0, 80.0]
    cov = np.linalg.inv([[1.0, 0.1], [0.1, 0.02]])
    np.testing.assert_allclose(np.reshape(vals[6:], (2, 2, 2)), [cov, cov])
    assert w.covariance_type == "tied" and w.random_state == 3 and w.n_components == 2


def test_the_books_start_follows_the_rules(faithful):
    w = emviz.Widget(faithful, n_components=2, init="book")
    assert w.init == "book" and w.reg_covar == 0.0  # the book's run: no regularisation
    assert emviz.Widget(faithful, init="book", reg_covar=1e-3).reg_covar == 1e-3
    assert emviz.Widget(faithful, init="kmeans++").reg_covar == emviz._core.RULES["defaults"]["reg_covar"]
    # K changed: the book's start does not apply, the run goes back to the default start
    w.n_components = 3
    assert w.init == "kmeanspp" and w.reg_covar == emviz._core.RULES["defaults"]["reg_covar"]
    three = np.column_stack([faithful, faithful[:, :1]])
    with pytest.raises(ValueError, match="the book's start is for K = 2 on 2 columns, not K = 2 on 3"):
        emviz.Widget(three, init="book")
    with pytest.raises(ValueError, match="the book's start is for K = 2"):
        emviz.Widget(faithful, n_components=3, init="book")
    with pytest.raises(ValueError, match="invalid reg_covar"):
        emviz.Widget(faithful, reg_covar=-1.0)
    with pytest.raises(ValueError, match="invalid max_iter: -1 must be an integer"):
        emviz.Widget(faithful, max_iter=-1)
    with pytest.raises(ValueError, match="2 points cannot be split into 3 components"):
        emviz.Widget(faithful[:2], n_components=3)


def test_the_widget_takes_mclusts_models(faithful):
    """covariance_type names one of mclust's fourteen (any case, kept in mclust's spelling, the
    page's `cov=` link key); a name of none is refused with the names taken."""
    from emviz._rules import MODEL_NAMES

    for name in MODEL_NAMES:
        assert emviz.Widget(faithful, covariance_type=name.lower()).covariance_type == name
    w = emviz.Widget(faithful, covariance_type="VEV")
    assert w.covariance_type == "VEV"
    w.covariance_type = "eee"
    assert w.covariance_type == "EEE"
    import traitlets

    with pytest.raises(traitlets.TraitError, match="invalid covariance_type"):
        w.covariance_type = "VXV"
    with pytest.raises(ValueError, match=", ".join(MODEL_NAMES)):
        emviz.Widget(faithful, covariance_type="VXV")


def test_model_from_a_vev_state(faithful):
    """The page's state of a VEV run (settings: the pass's type `full` and the model `VEV`) gives
    back an estimator of VEV, whose M-step a further fit keeps to."""
    vev = emviz.GaussianMixture(2, covariance_type="VEV", random_state=0, max_iter=5).fit(faithful)
    w = emviz.Widget(faithful, covariance_type="VEV")
    w._state = {
        "iteration": 5, "weights": vev.weights_.tolist(), "means": vev.means_.tolist(),
        "covariances": vev.covariances_.tolist(), "converged": False,
        "trace": [-5.0, -4.5], "settings": {"covarianceType": "full", "model": "VEV"},
    }
    m = w.model_
    assert m.covariance_type == "VEV" and m.to_core_model().family == "VEV"
    np.testing.assert_array_equal(m.covariances_, vev.covariances_)
    np.testing.assert_allclose(m.predict_proba(faithful), vev.predict_proba(faithful), atol=1e-12)
    assert m.bic(faithful) == vev.bic(faithful)  # mclust's df for VEV, not full's
    # scikit-learn's four: the state's type (model null) as before
    w._state = dict(w._state, settings={"covarianceType": "full", "model": None})
    assert w.model_.covariance_type == "full"


def test_show_starts_a_vev_model_from_its_start(faithful):
    """show() of a VEV estimator: the page runs VEV (cov=VEV) from the model's means, weights and
    (k, d, d) precisions_init (the page constrains that start to VEV, as the estimator does)."""
    prec = np.array([[[1.0, 0.1], [0.1, 0.02]], [[2.0, 0.0], [0.0, 0.05]]])
    gm = emviz.GaussianMixture(
        2, covariance_type="vev", means_init=[[2.0, 50.0], [4.0, 80.0]], weights_init=[0.4, 0.6],
        precisions_init=prec, random_state=3,
    ).fit(faithful)
    w = emviz.show(gm, faithful)
    assert w.covariance_type == "VEV" and w.n_components == 2 and w.random_state == 3
    vals = [float(v) for v in w._start.split(",")]
    assert vals[:2] == [0.4, 0.6] and vals[2:6] == [2.0, 50.0, 4.0, 80.0]
    np.testing.assert_allclose(np.reshape(vals[6:], (2, 2, 2)), np.linalg.inv(prec), rtol=1e-12)
