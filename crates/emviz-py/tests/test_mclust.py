"""mclust's fourteen covariance models through Python: ``GaussianMixture(covariance_type="VEV")``
fits each to mclust's numbers from mclust's start (``tests/reference/mclust/me.txt``: R's
``me(modelName, data, z)`` from a kept partition z), ``emviz.select`` chooses mclust's model and K
by BIC (``bic.txt``'s best), a fitted model pickles with its model, and bad names are refused."""

import pickle
import warnings

import emviz
import numpy as np
import pytest
from conftest import REPO
from emviz import _core
from emviz._rules import MODEL_NAMES

MCLUST = REPO / "tests" / "reference" / "mclust"


def data_set(name):
    return np.loadtxt(REPO / "data" / f"{name}.txt")


def load_fits():
    """``me.txt``'s records (its format: ``make_mclust.R``'s header), as the core's test reads
    them: one dict per fit with its data set, K, model, 0-based start labels and mclust's
    loglik, df, BIC (mclust's sign) and parameters."""
    starts, fits = {}, []
    for line in (MCLUST / "me.txt").read_text().splitlines():
        if line.startswith("#"):
            continue
        f = line.split()
        if f[0] == "start":
            starts[(f[1], int(f[2]))] = np.array([int(v) - 1 for v in f[3:]])
        elif f[0] == "fit":
            set_, k = f[1], int(f[2])
            fits.append(dict(set=set_, k=k, model=f[3], loglik=float(f[4]), df=int(f[5]),
                             bic=float(f[6]), labels=starts[(set_, k)]))
        else:
            fits[-1][f[0]] = np.array([float(v) for v in f[1:]])
    return fits


FITS = load_fits()
CHOSEN = [f for f in FITS if (f["set"], f["k"]) in {("old_faithful", 2), ("old_faithful", 3), ("iris", 2)}]


def deviation(ours, theirs):
    """The largest |a − b| / max(1, |b|)."""
    ours, theirs = np.ravel(ours), np.ravel(theirs)
    assert ours.shape == theirs.shape
    return float(np.max(np.abs(ours - theirs) / np.maximum(1.0, np.abs(theirs))))


def mclust_start(X, labels, k):
    """mclust's start from a partition as the estimator takes it: the full M-step of the hard
    responsibilities (the core's ``estimate_parameters``; the estimator constrains it to the
    model) as ``weights_init``, ``means_init`` and ``precisions_init``."""
    resp = np.zeros((X.shape[0], k))
    resp[np.arange(X.shape[0]), labels] = 1.0
    nk, means, full = _core.estimate_parameters(_core.Data(X), resp, "full", 0.0)
    return dict(weights_init=nk / nk.sum(), means_init=means, precisions_init=np.linalg.inv(full))


def test_the_reference_holds_every_model():
    assert len(FITS) == 84
    assert {f["model"] for f in CHOSEN} == set(MODEL_NAMES) and len(CHOSEN) == 42


@pytest.mark.parametrize("fit", CHOSEN, ids=lambda f: f"{f['set']}-{f['k']}-{f['model']}")
def test_each_model_matches_mclust_from_the_same_start(fit):
    X, k = data_set(fit["set"]), fit["k"]
    # Run to the fixed point, as make_mclust.R runs mclust (tol = 0: every iteration is run;
    # a test on the log-likelihood stops while a flat direction still moves).
    gm = emviz.GaussianMixture(k, covariance_type=fit["model"].lower(), tol=0.0, max_iter=3000,
                               reg_covar=0.0, n_threads=1, **mclust_start(X, fit["labels"], k))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", emviz.ConvergenceWarning)
        gm.fit(X)
    n = X.shape[0]
    assert gm._n_parameters() == fit["df"]
    assert gm.covariances_.shape == (k, X.shape[1], X.shape[1])
    assert deviation(gm.score(X) * n, fit["loglik"]) < 1e-6
    assert deviation(-gm.bic(X), fit["bic"]) < 1e-6
    assert deviation(gm.weights_, fit["pro"]) < 1e-6
    assert deviation(gm.means_, fit["mean"]) < 1e-6
    assert deviation(gm.covariances_, fit["sigma"]) < 1e-6


def mclust_best(set_):
    for f in (line.split() for line in (MCLUST / "bic.txt").read_text().splitlines()):
        if f[:2] == ["best", set_]:
            return f[2], int(f[3])
    raise AssertionError(f"no best for {set_}")


@pytest.mark.parametrize("set_", ["old_faithful", "iris"])
def test_select_chooses_mclusts_model_and_k_by_bic(set_):
    X = data_set(set_)
    # The core test's settings: 5 k-means++ starts, no regularisation (as mclust).
    result = emviz.select(X, models="all", k_max=9, n_init=5, reg_covar=0.0, max_iter=1000,
                          random_state=0, n_threads=2)
    assert (result.model, result.k) == mclust_best(set_) == result.best["bic"]
    assert len(result.rows) == 14 * 9
    assert [r["model"] for r in result.rows[::9]] == list(MODEL_NAMES)
    keys = {"model", "k", "n_parameters", "log_likelihood", "bic", "aic", "icl", "converged",
            "degenerate", "error"}
    assert all(set(r) == keys for r in result.rows)
    # Each criterion's best is the lowest value among the non-degenerate fits.
    for c, (model, k) in result.best.items():
        fitted = [r for r in result.rows if r[c] is not None and not r["degenerate"]]
        low = min(fitted, key=lambda r: r[c])
        assert (low["model"], low["k"]) == (model, k), c
    # A row's BIC is the estimator's fit with the same settings.
    row = next(r for r in result.rows if (r["model"], r["k"]) == result.best["bic"])
    assert row["n_parameters"] == _core.n_parameters(row["model"], row["k"], X.shape[1])
    assert row["bic"] == pytest.approx(-2 * X.shape[0] * row["log_likelihood"]
                                       + row["n_parameters"] * np.log(X.shape[0]), rel=1e-12)


def test_select_takes_a_list_of_names_and_other_criteria():
    X = data_set("old_faithful")
    result = emviz.select(X, models=["eii", "VVV", "full"], k_max=3, criterion="icl", random_state=0)
    # "full" is VVV: asked once.
    assert [r["model"] for r in result.rows] == ["EII"] * 3 + ["VVV"] * 3
    assert (result.model, result.k) == result.best["icl"]
    # Chosen K (mclust's G) are the rows of the same K in the table over 1..k_max.
    some = emviz.select(X, models=["EII", "VVV"], k=[3, 1])
    assert [(r["model"], r["k"]) for r in some.rows] == [("EII", 3), ("EII", 1), ("VVV", 3), ("VVV", 1)]
    for r in some.rows:
        assert r == next(f for f in result.rows if (f["model"], f["k"]) == (r["model"], r["k"]))
    assert [r["k"] for r in emviz.select(X, models="EII", k=range(2, 4)).rows] == [2, 3]
    assert [r["k"] for r in emviz.select(X, models="EII").rows] == list(range(1, 10))
    for bad in (dict(k=[0, 2]), dict(k=[]), dict(k=2, k_max=3)):
        with pytest.raises(ValueError, match="k"):
            emviz.select(X, models="EII", **bad)
    with pytest.raises(ValueError, match="criterion"):
        emviz.select(X, criterion="loglik")
    with pytest.raises(ValueError, match="VXV.*EII, VII"):
        emviz.select(X, models=["EII", "VXV"])
    with pytest.raises(ValueError, match="init"):
        emviz.select(X, k_max=2, init="book")


def test_a_vev_model_pickles_with_its_model():
    X = data_set("iris")
    gm = emviz.GaussianMixture(2, covariance_type="VEV", random_state=0, reg_covar=0.0).fit(X)
    back = pickle.loads(pickle.dumps(gm))
    assert back.covariance_type == "VEV"
    for name in ("weights_", "means_", "covariances_"):
        assert np.array_equal(getattr(back, name), getattr(gm, name))
    assert np.array_equal(back.score_samples(X), gm.score_samples(X))
    assert back.bic(X) == gm.bic(X)
    # The core's model pickles with its family, bit for bit (pickled alone it kept only "full").
    model = gm.to_core_model()
    assert (model.family, model.covariance_type, model.model_name) == ("VEV", "full", "VEV")
    again = pickle.loads(pickle.dumps(model))
    assert again.family == "VEV"
    for a, b in zip(again.arrays(), model.arrays()):
        assert np.array_equal(a, b)
    # An estimator made from the unpickled model is a VEV fit.
    warm = emviz.GaussianMixture.from_core_model(again, reg_covar=0.0)
    assert warm.covariance_type == "VEV" and warm._n_parameters() == gm._n_parameters()


def test_mclust_names_count_mclusts_df_and_the_four_stay_scikit_learns():
    X = data_set("old_faithful")
    for name, t in [("VVV", "full"), ("VVI", "diag"), ("VII", "spherical"), ("EEE", "tied")]:
        assert _core.n_parameters(name, 3, 2) == _core.n_parameters(t, 3, 2)
    assert _core.n_parameters("VEV", 2, 4) == 2 + 3 + 2 * 6 + 2 * 4 + 1
    # scikit-learn's names keep scikit-learn's layouts; the mclust name of the same model gives
    # the same fit with full matrices.
    a = emviz.GaussianMixture(2, covariance_type="full", random_state=1).fit(X)
    b = emviz.GaussianMixture(2, covariance_type="VVV", random_state=1).fit(X)
    assert np.array_equal(a.covariances_, b.covariances_) and a.bic(X) == b.bic(X)
    d = emviz.GaussianMixture(2, covariance_type="diag", random_state=1).fit(X)
    assert d.covariances_.shape == (2, 2)
    v = emviz.GaussianMixture(2, covariance_type="VVI", random_state=1).fit(X)
    assert v.covariances_.shape == (2, 2, 2)
    assert deviation(np.diagonal(v.covariances_, axis1=1, axis2=2), d.covariances_) < 1e-6


# The models whose M-step stays defined when a component's scatter is singular (reg_covar, added
# after the M-step, then keeps it positive definite). The others divide by a scatter's
# determinant or volume, so a component on fewer than d + 1 points (check_estimator's small data
# sets) is the core's Collapse error, as mclust gives no fit there.
@pytest.mark.parametrize("name", ["EII", "VII", "EEI", "VVI", "EEE", "VVV"])
def test_check_estimator_passes_for_mclust_names(name):
    from sklearn.utils.estimator_checks import check_estimator
    from test_sklearn_compat import RANDOM_START

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", emviz.ConvergenceWarning)
        gm = emviz.GaussianMixture(n_components=2, covariance_type=name, n_init=2, random_state=0)
        results = check_estimator(gm, on_fail=None, expected_failed_checks=RANDOM_START)
    assert [r["check_name"] for r in results if r["status"] not in ("passed", "xfail")] == []
    results = check_estimator(emviz.GaussianMixture(covariance_type=name), on_fail=None)
    assert [r["check_name"] for r in results if r["status"] != "passed"] == []


def test_a_singular_scatter_under_a_volume_model_is_the_cores_collapse_error_unless_regularised():
    X = np.random.RandomState(0).normal(size=(20, 2))
    # k-means leaves one point alone: its scatter is 0, and VEV's M-step divides by its volume:
    # without regularisation that is the core's collapse error …
    with pytest.raises(ValueError, match="collapsed"):
        emviz.GaussianMixture(2, covariance_type="VEV", random_state=0, reg_covar=0.0).fit(X)
    # … and reg_covar (the default 1e-6) regularises the scatter, as the message advises.
    gm = emviz.GaussianMixture(2, covariance_type="VEV", random_state=0).fit(X)
    assert np.all(np.isfinite(gm.covariances_))
    assert np.all(np.linalg.eigvalsh(gm.covariances_) > 0)


@pytest.mark.parametrize("name", ["VXV", "Full", "", "EII,VVV"])
def test_bad_names_are_refused_with_the_valid_ones(name):
    X = data_set("old_faithful")
    with pytest.raises(ValueError, match="full, tied, diag, spherical or mclust's models EII, VII"):
        emviz.GaussianMixture(2, covariance_type=name).fit(X)
    # The variational mixture has no mclust models.
    with pytest.raises(ValueError, match="is not one of full, tied, diag, spherical$"):
        emviz.BayesianGaussianMixture(covariance_type="VEV").fit(X)


def test_the_core_refuses_a_bad_name_with_the_valid_ones():
    with pytest.raises(ValueError, match='"VXV" is not one of full, tied, diag, spherical or mclust'):
        _core.n_parameters("VXV", 2, 2)
    assert _core.mclust_model(" vev ") == "VEV" and _core.mclust_model("full") is None


@pytest.mark.parametrize("name", ["VEV", "EVI"])
def test_integer_weights_fit_as_repeated_rows_under_a_model(name):
    X = data_set("old_faithful")
    w = np.random.RandomState(3).randint(0, 3, size=X.shape[0])
    start = mclust_start(X, FITS[0]["labels"], 2)

    def fit(Xs, sw=None):
        gm = emviz.GaussianMixture(2, covariance_type=name, tol=1e-10, max_iter=500, n_threads=1,
                                   **start)
        return gm.fit(Xs, sample_weight=sw)

    weighted, repeated = fit(X, w), fit(np.repeat(X, w, axis=0))
    for a in ("weights_", "means_", "covariances_"):
        assert deviation(getattr(weighted, a), getattr(repeated, a)) < 1e-9, a
    assert weighted.n_iter_ == repeated.n_iter_


def test_select_weighs_every_fit_and_criterion():
    """K = 1 needs no start: with integer weights its cells are the repeated rows' (n = Σ w in
    BIC), for every model; the weights change the table; bad weights are a ValueError."""
    X = data_set("old_faithful")
    w = np.random.RandomState(5).randint(0, 4, size=X.shape[0])
    weighted = emviz.select(X, models="all", k=[1, 2], sample_weight=w, random_state=0)
    repeated = emviz.select(np.repeat(X, w, axis=0), models="all", k=[1], random_state=0)
    ones = [r for r in weighted.rows if r["k"] == 1]
    assert [r["model"] for r in ones] == list(MODEL_NAMES)
    for a, b in zip(ones, repeated.rows):
        for key in ("log_likelihood", "bic", "aic", "icl"):
            assert a[key] == pytest.approx(b[key], rel=1e-10), (a["model"], key)
    plain = emviz.select(X, models="all", k=[1, 2], random_state=0)
    assert weighted.rows[0]["bic"] != plain.rows[0]["bic"]
    # Weights all 1: the unweighted table (to rounding: the weighted pass sums in another order).
    tight = dict(models=["VVV"], k=[1, 2], random_state=0, tol=1e-10, max_iter=1000)
    vvv = [r["bic"] for r in emviz.select(X, **tight).rows]
    by_ones = emviz.select(X, sample_weight=np.ones(len(X)), **tight)
    assert [r["bic"] for r in by_ones.rows] == pytest.approx(vvv, rel=1e-9)
    bad = np.ones(len(X))
    bad[4] = -1.0
    with pytest.raises(ValueError, match="point 5"):
        emviz.select(X, models="EII", k=[1], sample_weight=bad)
    with pytest.raises(ValueError, match="3 weight.*272 point"):
        emviz.select(X, models="EII", k=[1], sample_weight=np.ones(3))


def test_spark_takes_no_other_models_fit_as_its_start():
    # emviz.spark fits scikit-learn's four types: a VEV fit (whose pass is full's) is no start of
    # a full fit, and is refused by name.
    from emviz.spark import GaussianMixture as SparkGaussianMixture

    X = data_set("old_faithful")
    vev = emviz.GaussianMixture(2, covariance_type="VEV", random_state=0).fit(X)
    full = emviz.GaussianMixture(2, covariance_type="full", random_state=0).fit(X)
    with pytest.raises(ValueError, match="VEV covariances, but this fit has .* covarianceType full"):
        SparkGaussianMixture(k=2, covarianceType="full", initialModel=vev)._start(None, 2, "full", 2, 0, False)
    start = SparkGaussianMixture(k=2, covarianceType="full", initialModel=full)._start(None, 2, "full", 2, 0, False)
    assert start.family is None and start.covariance_type == "full"
