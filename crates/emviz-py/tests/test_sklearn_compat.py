"""emviz.GaussianMixture as a scikit-learn estimator: check_estimator, Pipeline, GridSearchCV,
clone, pickle, and errors of scikit-learn's kinds."""

import pickle
import warnings

import emviz
import numpy as np
import pytest
from sklearn.base import clone  # noqa: E402
from sklearn.exceptions import ConvergenceWarning, NotFittedError  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.utils.estimator_checks import check_estimator  # noqa: E402

# scikit-learn's checks of sample_weight, which it runs because fit takes sample_weight.
SAMPLE_WEIGHT_CHECKS = {
    "check_sample_weights_pandas_series",
    "check_sample_weights_not_an_array",
    "check_sample_weights_list",
    "check_all_zero_sample_weights_error",
    "check_sample_weights_shape",
    "check_sample_weights_not_overwritten",
    "check_sample_weight_equivalence_on_dense_data",
}


def test_check_estimator_passes_every_check():
    results = check_estimator(emviz.GaussianMixture(), on_fail=None)
    bad = [(r["check_name"], r["status"], repr(r["exception"])) for r in results if r["status"] != "passed"]
    assert bad == []
    assert len(results) >= 40
    assert SAMPLE_WEIGHT_CHECKS <= {r["check_name"] for r in results}
    print(f"check_estimator: {len(results)} checks, all passed")


# With K = 2 the fit depends on its random start, which scikit-learn's equivalence check draws
# once on the repeated rows and once on the weighted rows shuffled: two different starts, as for
# scikit-learn's own KMeans (which it marks the same way). From one start the weighted fit equals
# the repeated rows' to 1e-12 (tests/test_sample_weight.py), and with K = 1 the check passes.
RANDOM_START = {
    "check_sample_weight_equivalence_on_dense_data": "a K ≥ 2 fit depends on its random start, "
    "which differs between the repeated and the shuffled weighted rows",
}


@pytest.mark.parametrize("t", ["full", "tied", "diag", "spherical"])
def test_check_estimator_every_covariance_type(t):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm = emviz.GaussianMixture(n_components=2, covariance_type=t, n_init=2, random_state=0)
        results = check_estimator(gm, on_fail=None, expected_failed_checks=RANDOM_START)
    assert [r["check_name"] for r in results if r["status"] not in ("passed", "xfail")] == []
    assert SAMPLE_WEIGHT_CHECKS <= {r["check_name"] for r in results}


@pytest.mark.parametrize("t", ["full", "tied", "diag", "spherical"])
def test_sample_weight_checks_pass_for_every_covariance_type_with_one_component(t):
    gm = emviz.GaussianMixture(covariance_type=t, random_state=0)
    results = check_estimator(gm, on_fail=None)
    ran = {r["check_name"]: r["status"] for r in results if r["check_name"] in SAMPLE_WEIGHT_CHECKS}
    assert ran == {name: "passed" for name in SAMPLE_WEIGHT_CHECKS}


def test_errors_are_sklearns_kinds():
    assert emviz.NotFittedError is NotFittedError
    assert emviz.ConvergenceWarning is ConvergenceWarning
    with pytest.raises(NotFittedError):
        emviz.GaussianMixture().predict(np.zeros((3, 2)))


def test_pipeline_gridsearch_clone_pickle(faithful):
    pipe = make_pipeline(StandardScaler(), emviz.GaussianMixture(random_state=0))
    grid = GridSearchCV(
        pipe,
        {"gaussianmixture__n_components": [1, 2, 3], "gaussianmixture__covariance_type": ["full", "diag"]},
        cv=3,
    ).fit(faithful)
    assert grid.best_params_["gaussianmixture__n_components"] >= 2
    assert np.isfinite(grid.score(faithful))
    labels = grid.best_estimator_.predict(faithful)
    assert labels.shape == (272,)

    gm = emviz.GaussianMixture(n_components=2, covariance_type="tied", random_state=1, n_threads=1)
    c = clone(gm)
    assert c.get_params() == gm.get_params() and c is not gm
    gm.fit(faithful)
    back = pickle.loads(pickle.dumps(gm))
    np.testing.assert_array_equal(back.means_, gm.means_)
    np.testing.assert_array_equal(back.predict_proba(faithful), gm.predict_proba(faithful))
    assert back.get_params() == gm.get_params()
    assert "GaussianMixture(" in repr(gm)


def test_fit_predict_equals_fit_then_predict(faithful):
    a = emviz.GaussianMixture(n_components=3, random_state=2).fit_predict(faithful)
    b = emviz.GaussianMixture(n_components=3, random_state=2).fit(faithful).predict(faithful)
    np.testing.assert_array_equal(a, b)


def test_dataframe_feature_names(faithful):
    import pandas as pd

    df = pd.DataFrame(faithful, columns=["eruptions", "waiting"])
    gm = emviz.GaussianMixture(n_components=2, random_state=0).fit(df)
    assert list(gm.feature_names_in_) == ["eruptions", "waiting"]
    assert gm.n_features_in_ == 2
    with pytest.warns(UserWarning, match="feature names"):
        gm.predict(faithful)


@pytest.mark.parametrize(
    "params, match",
    [
        (dict(n_components=0), "invalid n_components: 0 must be an integer ≥ 1"),
        (dict(covariance_type="round"), 'invalid covariance_type: "round" is not one of full, tied, diag, spherical'),
        (dict(tol=-1.0), "invalid tol: -1.0 must be a finite number ≥ 0"),
        (dict(reg_covar=float("nan")), "invalid reg_covar: nan must be a finite number ≥ 0"),
        (dict(n_init=0), "invalid n_init"),
        (dict(init_params="book"), "invalid init_params"),
        (dict(n_threads=0), "invalid n_threads"),
        (dict(n_components=2, weights_init=[0.2, 0.2]), "the weights must sum to 1"),
        (
            dict(n_components=2, means_init=[[0.0, 0.0]]),
            r"invalid means_init: shape \(1, 2\) given, but K = 2 means of 2 values need \(2, 2\)",
        ),
        (
            dict(n_components=2, precisions_init=np.array([np.eye(2), -np.eye(2)])),
            "precision 2 must be symmetric and positive definite",
        ),
    ],
)
def test_bad_parameters_are_value_errors_with_clear_wording(faithful, params, match):
    with pytest.raises(ValueError, match=match):
        emviz.GaussianMixture(**params).fit(faithful)


def test_too_few_points_and_bad_data():
    with pytest.raises(ValueError, match="3 points cannot be split into 4 components"):
        emviz.GaussianMixture(n_components=4).fit(np.arange(6.0).reshape(3, 2))
    with pytest.raises(ValueError, match="NaN"):
        emviz.GaussianMixture().fit(np.array([[1.0, np.nan], [2.0, 3.0]]))
    gm = emviz.GaussianMixture(random_state=0).fit(np.random.RandomState(0).normal(size=(20, 2)))
    with pytest.raises(ValueError, match="X has 3 features, but GaussianMixture is expecting 2"):
        gm.predict(np.zeros((4, 3)))


def test_collapse_is_a_value_error_not_a_panic():
    X = np.array([[0.0, 0.0]] * 10 + [[5.0, 5.0]] * 10)
    with pytest.raises(ValueError, match="collapsed|positive definite"):
        emviz.GaussianMixture(n_components=2, reg_covar=0.0, means_init=[[0.0, 0.0], [5.0, 5.0]]).fit(X)
