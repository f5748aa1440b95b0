"""``emviz.GaussianMixture``: scikit-learn's GaussianMixture, fitted by emviz's Rust EM.

Same constructor parameters, defaults, fitted attributes and methods as
``sklearn.mixture.GaussianMixture`` (plus ``n_threads``), and the same loop: from the same start
(``weights_init``, ``means_init``, ``precisions_init``, or ``init_params="random"`` /
``"random_from_data"`` with the same ``random_state``) it returns the fit scikit-learn returns.

``fit(X, sample_weight=w)`` weighs each sample's contribution to every sum of EM by wₙ (the
core's weighted pass; w checked once by the core's rule: finite, ≥ 0, one per sample, not all
zero): integer weights fit as repeated rows, a zero weight as a dropped row. The starts honour the
weights (k-means on the samples of positive weight, k-means++ seeds drawn ∝ w·D², random points
∝ w), which scikit-learn's do not; ``lower_bound_`` and ``score(X, sample_weight=w)`` are weighted
means, and ``bic``/``aic`` with weights charge n = Σ w.

``covariance_type`` may also name one of mclust's fourteen models (``"VEV"``, any case; the
core's rules, ``emviz._core.RULES["models"]``): Σₖ = λₖ Dₖ Aₖ Dₖᵀ with volume, shape and
orientation each equal (E), variable (V) or the identity (I). Its start is scikit-learn's start
for ``full`` constrained to the model (the core's ``Mixture::constrained``), its M-step mclust's,
``covariances_`` full (k, d, d) matrices and ``bic``/``aic``/``icl`` count mclust's df.
scikit-learn's four names fit exactly as scikit-learn's types.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from . import _core
from ._compat import (
    BaseEstimator,
    ConvergenceWarning,
    DensityMixin,
    check_is_fitted,
    check_random_state,
    validate_data,
)
from ._rules import COVARIANCE_TYPES, DIAG, FULL, MATRIX_TYPES, MODEL_NAMES, TIED

# scikit-learn's init_params (its API, not emviz's starts: its "random" is random
# responsibilities, emviz's is random points, which is its "random_from_data").
_INITS = ("kmeans", "k-means++", "random", "random_from_data")


def _invalid(name, message):
    """A ValueError worded as the core's (and the CLI's): ``invalid <name>: <what and why>``."""
    return ValueError(f"invalid {name}: {message}")


def _is_int(v):
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def _is_real(v):
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def mclust_model(covariance_type):
    """mclust's name of the model ``covariance_type`` names (``"vev"`` → ``"VEV"``: the core's
    reading), or None for scikit-learn's four names and anything else."""
    if not isinstance(covariance_type, str) or covariance_type in COVARIANCE_TYPES:
        return None
    return _core.mclust_model(covariance_type)


def layout(covariance_type):
    """The scikit-learn type whose layout ``covariances_`` and ``precisions_`` take: the type
    itself, or ``full`` ((k, d, d) matrices) for one of mclust's models."""
    return FULL if mclust_model(covariance_type) else covariance_type


def _to_full(cov, covariance_type, k, d):
    """scikit-learn's covariances_ layout → k full d × d matrices."""
    cov = np.asarray(cov, dtype=np.float64)
    covariance_type = layout(covariance_type)
    if covariance_type == FULL:
        return np.ascontiguousarray(cov.reshape(k, d, d))
    if covariance_type == TIED:
        return np.ascontiguousarray(np.broadcast_to(cov.reshape(d, d), (k, d, d)))
    if covariance_type == DIAG:
        out = np.zeros((k, d, d))
        out[:, np.arange(d), np.arange(d)] = cov.reshape(k, d)
        return out
    out = np.zeros((k, d, d))
    out[:, np.arange(d), np.arange(d)] = cov.reshape(k, 1)
    return out


def _from_full(full, covariance_type):
    """k full matrices → scikit-learn's covariances_ layout for the type."""
    d = full.shape[1]
    covariance_type = layout(covariance_type)
    if covariance_type == FULL:
        return full.copy()
    if covariance_type == TIED:
        return full[0].copy()
    if covariance_type == DIAG:
        return full[:, np.arange(d), np.arange(d)].copy()
    return full[:, 0, 0].copy()


def _precision_cholesky(covariances, covariance_type):
    """scikit-learn's ``_compute_precision_cholesky``: the Cholesky factor of each precision."""
    if covariance_type in MATRIX_TYPES:
        mats = covariances if covariance_type == FULL else covariances[np.newaxis]
        out = np.empty_like(mats)
        eye = np.eye(mats.shape[-1])
        for j, c in enumerate(mats):
            try:
                chol = np.linalg.cholesky(c)
            except np.linalg.LinAlgError:
                raise ValueError(
                    "component covariance is not positive definite: its points are identical, "
                    "or lie on a line or plane. Try fewer components, a larger reg_covar, "
                    "rescaling the data, or another start"
                ) from None
            out[j] = np.linalg.solve(chol, eye).T
        return out if covariance_type == FULL else out[0]
    if np.any(covariances <= 0.0):
        raise ValueError(
            "component covariance is not positive: try fewer components, a larger reg_covar, "
            "rescaling the data, or another start"
        )
    return 1.0 / np.sqrt(covariances)


def _precisions(prec_chol, covariance_type):
    if covariance_type == FULL:
        return np.einsum("kij,klj->kil", prec_chol, prec_chol)
    if covariance_type == TIED:
        return prec_chol @ prec_chol.T
    return prec_chol**2


def _covariances_from_precisions(precisions, covariance_type):
    """scikit-learn's precisions (its layout for the type) → its covariances (the same layout)."""
    if covariance_type in MATRIX_TYPES:
        return np.linalg.inv(precisions)
    return 1.0 / precisions


def check_covariance_type(covariance_type, models=True, param="covariance_type"):
    """The name the core is given for ``covariance_type``: scikit-learn's type as it is, or
    (``models``) mclust's spelling of one of its fourteen models (``"vev"`` → ``"VEV"``); else an
    ``invalid <param>`` error listing the names taken."""
    if covariance_type in COVARIANCE_TYPES:
        return covariance_type
    name = mclust_model(covariance_type) if models else None
    if name is None:
        also = f" or mclust's models {', '.join(MODEL_NAMES)} (any case)" if models else ""
        raise _invalid(
            param, f'"{covariance_type}" is not one of {", ".join(COVARIANCE_TYPES)}{also}'
        )
    return name


def model_kind(model):
    """What an ``emviz._core.Model`` is, in one word: its mclust model when it is none of
    scikit-learn's four (``"VEV"``), else its covariance type (``"full"``, also for ``"VVV"``)."""
    return model.family or model.covariance_type


def check_common_parameters(est, models=False):
    """The checks of the parameters both estimators share (scikit-learn's BaseMixture's);
    ``models``: ``covariance_type`` may also name one of mclust's models."""
    if not _is_int(est.n_components) or est.n_components < 1:
        raise _invalid(
            "n_components", f"{est.n_components!r} must be an integer ≥ 1 (the number K "
            "of components)"
        )
    check_covariance_type(est.covariance_type, models)
    if not _is_real(est.tol) or not np.isfinite(est.tol) or est.tol < 0:
        raise _invalid("tol", f"{est.tol!r} must be a finite number ≥ 0 (the default is 1e-3)")
    if not _is_real(est.reg_covar) or not np.isfinite(est.reg_covar) or est.reg_covar < 0:
        raise _invalid(
            "reg_covar", f"{est.reg_covar!r} must be a finite number ≥ 0 (the default is 1e-6)"
        )
    if not _is_int(est.max_iter) or est.max_iter < 0:
        raise _invalid("max_iter", f"{est.max_iter!r} must be an integer ≥ 0")
    if not _is_int(est.n_init) or est.n_init < 1:
        raise _invalid("n_init", f"{est.n_init!r} must be an integer ≥ 1")
    if est.init_params not in _INITS:
        raise _invalid(
            "init_params",
            f"{est.init_params!r} is not one of kmeans, k-means++, random, random_from_data",
        )
    if not isinstance(est.warm_start, (bool, np.bool_)):
        raise _invalid("warm_start", f"{est.warm_start!r} must be True or False")
    if not _is_int(est.verbose) or not _is_int(est.verbose_interval) or est.verbose_interval < 1:
        raise _invalid("verbose", "verbose must be an integer and verbose_interval ≥ 1")
    if est.n_threads is not None and (not _is_int(est.n_threads) or est.n_threads < 1):
        raise _invalid(
            "n_threads", f"{est.n_threads!r} must be None (every core) or an integer ≥ 1"
        )


def sample_weights(sample_weight, n):
    """``sample_weight`` for ``n`` samples as an ``emviz._core.SampleWeight`` (checked once by the
    core's rule: finite, ≥ 0, one per sample, not all zero — a ``ValueError`` naming the sample
    otherwise), or None. A number weighs every sample alike."""
    if sample_weight is None:
        return None
    w = np.asarray(sample_weight, dtype=np.float64)
    if w.ndim == 0:
        w = np.full(n, float(w))
    if w.ndim != 1:
        raise _invalid(
            "sample_weight", f"shape {w.shape} given, but one weight per sample needs ({n},)"
        )
    return _core.SampleWeight(np.ascontiguousarray(w), n)


def weighted_mean(scores, sample_weight):
    """The mean of per-sample ``scores``, weighted by ``sample_weight`` (checked as
    ``sample_weights``) when given: what ``score(X, sample_weight=)`` returns."""
    sw = sample_weights(sample_weight, scores.shape[0])
    if sw is None:
        return float(scores.mean())
    return float(np.dot(sw.values, scores) / sw.total)


def check_enough_points(n, k, sw):
    """Raises the ``ValueError`` scikit-learn's ``n_samples >= n_components`` check raises when
    fewer than ``k`` of the ``n`` samples count (with sample weights ``sw``: have a positive
    weight)."""
    counted = n if sw is None else int(np.count_nonzero(sw.values))
    if counted < k:
        weighted = "" if sw is None else " of positive weight"
        raise ValueError(
            f"{counted} points{weighted} cannot be split into {k} components: "
            f"give at least {k} points or lower n_components (Expected "
            f"n_samples >= n_components but got n_components = {k}, "
            f"n_samples = {counted})"
        )


def initial_responsibilities(init_params, n, k, data, rs, sw=None, X=None):
    """The responsibilities (n × k) scikit-learn's ``_initialize_parameters`` starts from, for
    ``init_params`` with the random state ``rs`` (k-means and k-means++ are the core's). With
    sample weights ``sw`` (a ``SampleWeight``) no start is drawn at a sample of weight 0: k-means
    runs on the samples of positive weight (rows of ``X``, the data as a float64 array),
    k-means++ draws ∝ w·D², random points ∝ w."""
    if init_params == "kmeans":
        seed = int(rs.randint(np.iinfo(np.int32).max))
        resp = np.zeros((n, k))
        if sw is None:
            labels = _core.kmeans_labels(data, k, seed)
            resp[np.arange(n), labels] = 1.0
        else:
            kept = np.flatnonzero(sw.values > 0.0)
            labels = _core.kmeans_labels(_core.Data(np.ascontiguousarray(X[kept])), k, seed)
            resp[kept, labels] = 1.0
    elif init_params == "random":
        resp = rs.uniform(size=(n, k))
        resp /= resp.sum(axis=1)[:, np.newaxis]
    elif init_params == "random_from_data":
        resp = np.zeros((n, k))
        p = None if sw is None else sw.values / sw.total
        indices = rs.choice(n, size=k, replace=False, p=p)
        resp[indices, np.arange(k)] = 1.0
    else:  # k-means++
        seed = int(rs.randint(np.iinfo(np.int32).max))
        indices = _core.kmeans_plusplus(data, k, seed, sample_weight=sw)
        resp = np.zeros((n, k))
        resp[indices, np.arange(k)] = 1.0
    return resp


def draw_samples(est, n_samples):
    """scikit-learn's ``sample`` of a fitted estimator (``weights_``, ``means_``,
    ``covariances_``, ``random_state``): same random_state, same draws."""
    check_is_fitted(est)
    if not _is_int(n_samples) or n_samples < 1:
        raise _invalid(
            "n_samples",
            f"{n_samples!r}: sampling needs an integer number of samples ≥ 1",
        )
    _, d = est.means_.shape
    rng = check_random_state(est.random_state)
    counts = rng.multinomial(n_samples, est.weights_)
    t = layout(est.covariance_type)
    if t == FULL:
        X = np.vstack(
            [rng.multivariate_normal(m, c, int(s)) for m, c, s in zip(est.means_, est.covariances_, counts)]
        )
    elif t == TIED:
        X = np.vstack(
            [rng.multivariate_normal(m, est.covariances_, int(s)) for m, s in zip(est.means_, counts)]
        )
    else:
        X = np.vstack(
            [
                m + rng.standard_normal(size=(s, d)) * np.sqrt(c)
                for m, c, s in zip(est.means_, est.covariances_, counts)
            ]
        )
    y = np.concatenate([np.full(s, j, dtype=int) for j, s in enumerate(counts)])
    return X, y


class GaussianMixture(DensityMixin, BaseEstimator):
    """Gaussian mixture fitted by EM in Rust; a drop-in for ``sklearn.mixture.GaussianMixture``.

    Parameters are scikit-learn's (``n_components=1``, ``covariance_type="full"``, ``tol=1e-3``,
    ``reg_covar=1e-6``, ``max_iter=100``, ``n_init=1``, ``init_params="kmeans"``,
    ``weights_init``, ``means_init``, ``precisions_init``, ``random_state``, ``warm_start``,
    ``verbose``, ``verbose_interval``) plus ``n_threads``: threads for the EM passes (``None``:
    every core). ``init_params="kmeans"`` and ``"k-means++"`` use emviz's own k-means /
    k-means++ (seeded from ``random_state``), so they start elsewhere than scikit-learn's;
    ``"random"``, ``"random_from_data"`` and given ``*_init`` arrays start exactly where
    scikit-learn starts, and the fit then equals scikit-learn's.

    ``covariance_type`` is scikit-learn's ``"full"``, ``"tied"``, ``"diag"`` or ``"spherical"``,
    or one of mclust's fourteen models by name (``"EII"`` … ``"VVV"``, any case): then the start
    is ``full``'s constrained to the model, EM keeps to the model's M-step (mclust's),
    ``covariances_`` and ``precisions_init`` are full (k, d, d) matrices and ``bic``, ``aic`` and
    ``icl`` count mclust's df.

    Fitted attributes: ``weights_``, ``means_``, ``covariances_``, ``precisions_``,
    ``precisions_cholesky_``, ``converged_``, ``n_iter_``, ``lower_bound_``, ``lower_bounds_``,
    ``n_features_in_``, ``feature_names_in_`` (for DataFrames with string column names).
    """

    def __init__(
        self,
        n_components=1,
        *,
        covariance_type=FULL,
        tol=1e-3,
        reg_covar=1e-6,
        max_iter=100,
        n_init=1,
        init_params="kmeans",
        weights_init=None,
        means_init=None,
        precisions_init=None,
        random_state=None,
        warm_start=False,
        verbose=0,
        verbose_interval=10,
        n_threads=None,
    ):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.verbose_interval = verbose_interval
        self.n_threads = n_threads

    # ------------------------------------------------------------------ checks

    def _check_hyper_parameters(self):
        check_common_parameters(self, models=True)

    def _model_arg(self):
        """The name the core is given: mclust's (``"VEV"``) or scikit-learn's type."""
        return mclust_model(self.covariance_type) or self.covariance_type

    def _check_initial_parameters(self, d):
        k, t = self.n_components, layout(self.covariance_type)
        w = m = p = None
        if self.weights_init is not None:
            w = np.array(self.weights_init, dtype=np.float64)
            if w.shape != (k,):
                raise _invalid("weights_init", f"shape {w.shape} given, but K = {k} weights are needed")
            if not np.isfinite(w).all() or w.min() < 0.0 or w.max() > 1.0:
                raise _invalid("weights_init", "weights must be finite numbers in [0, 1]")
            if not np.allclose(np.abs(1.0 - w.sum()), 0.0):
                raise _invalid(
                    "weights_init", f"the weights must sum to 1, but they sum to {w.sum():.5f}"
                )
        if self.means_init is not None:
            m = np.array(self.means_init, dtype=np.float64)
            if m.shape != (k, d):
                raise _invalid(
                    "means_init",
                    f"shape {m.shape} given, but K = {k} means of {d} values need ({k}, {d})",
                )
            if not np.isfinite(m).all():
                raise _invalid("means_init", "means must be finite numbers")
        if self.precisions_init is not None:
            p = np.array(self.precisions_init, dtype=np.float64)
            want = dict(zip(COVARIANCE_TYPES, [(k, d, d), (d, d), (k, d), (k,)]))[t]
            if p.shape != want:
                raise _invalid(
                    "precisions_init",
                    f"shape {p.shape} given, but {t} precisions of K = {k} components in {d} "
                    f"dimensions have shape {want}",
                )
            if not np.isfinite(p).all():
                raise _invalid("precisions_init", "precisions must be finite numbers")
            if t in MATRIX_TYPES:
                for j, mat in enumerate(p.reshape(-1, d, d)):
                    if not np.allclose(mat, mat.T) or np.any(np.linalg.eigvalsh(mat) <= 0.0):
                        raise _invalid(
                            "precisions_init",
                            f"precision {j + 1} must be symmetric and positive definite",
                        )
            elif np.any(p <= 0.0):
                raise _invalid("precisions_init", "precisions must be positive")
        return w, m, p

    def _validate(self, X, reset):
        return validate_data(self, X, reset=reset, dtype=[np.float64, np.float32], ensure_min_samples=2 if reset else 1)

    def _threads(self):
        return _core.available_threads() if self.n_threads is None else int(self.n_threads)

    # ----------------------------------------------------------------- fitting

    def _initial_model(self, n, data, rs, w_init, m_init, p_init, sw=None, X=None):
        """The start of one initialisation, as scikit-learn's ``_initialize_parameters``: the
        responsibilities of the chosen partition, then the core's M-step from them
        (``emviz._core.estimate_parameters``), overridden by the given ``*_init``. With sample
        weights ``sw`` the responsibilities are weighted and n is Σ w. For one of mclust's models
        the start is made for ``full``, then constrained to the model (the core's M-step of it)."""
        k, t = self.n_components, layout(self.covariance_type)
        full = None
        if w_init is None or m_init is None or p_init is None:
            resp = initial_responsibilities(self.init_params, n, k, data, rs, sw, X)
            if sw is not None:
                resp *= sw.values[:, np.newaxis]
            nk, means, full = _core.estimate_parameters(
                data, resp, t, float(self.reg_covar), sample_weight=sw
            )
            weights = nk / (n if sw is None else sw.total)
        if w_init is not None:
            weights = w_init
        if m_init is not None:
            means = m_init
        if p_init is not None:
            full = _to_full(_covariances_from_precisions(p_init, t), t, k, means.shape[1])
        model = _core.Model(
            t,
            np.ascontiguousarray(weights, dtype=np.float64),
            np.ascontiguousarray(means, dtype=np.float64),
            full,
        )
        model_name = mclust_model(self.covariance_type)
        if model_name:
            model = model.constrained(model_name)
        return model, np.asarray(weights, dtype=np.float64)

    def _core_model(self, weights, means, cov):
        k, d = means.shape
        return _core.Model(
            self._model_arg(),
            np.ascontiguousarray(weights, dtype=np.float64),
            np.ascontiguousarray(means, dtype=np.float64),
            _to_full(cov, self.covariance_type, k, d),
        )

    def _fitted_model(self):
        return self._core_model(self.weights_, self.means_, self.covariances_)

    def to_core_model(self):
        """The fitted parameters as an ``emviz._core.Model`` (for ``emviz._core.Stats``)."""
        check_is_fitted(self)
        return self._fitted_model()

    @classmethod
    def from_core_model(cls, model, *, n_iter=0, converged=False, lower_bounds=(), **params):
        """A fitted estimator holding an ``emviz._core.Model``'s parameters, e.g. the result of
        EM driven through ``emviz._core.Stats`` on data spread over machines (Spark).
        ``lower_bounds`` are the per-iteration mean log-likelihoods (``lower_bounds_``);
        ``params`` are constructor parameters (``n_components`` and ``covariance_type`` come
        from the model)."""
        gm = cls(n_components=model.k, covariance_type=model_kind(model), **params)
        gm._set_from_model(model)
        gm.converged_ = bool(converged)
        gm.n_iter_ = int(n_iter)
        gm.lower_bounds_ = [float(b) for b in lower_bounds]
        gm.lower_bound_ = gm.lower_bounds_[-1] if gm.lower_bounds_ else -np.inf
        gm.n_features_in_ = model.d
        return gm

    def _set_from_model(self, model):
        weights, means, full = model.arrays()
        t = layout(self.covariance_type)
        self.weights_ = weights
        self.means_ = means
        self.covariances_ = _from_full(full, t)
        self.precisions_cholesky_ = _precision_cholesky(self.covariances_, t)
        self.precisions_ = _precisions(self.precisions_cholesky_, t)

    def fit(self, X, y=None, sample_weight=None):
        """Estimates the parameters with EM (``n_init`` starts, the best kept); returns self.
        ``sample_weight`` (one number ≥ 0 per sample) weighs each sample's contribution."""
        self._fit(X, sample_weight)
        return self

    def fit_predict(self, X, y=None, sample_weight=None):
        """Fits, then returns each point's most probable component."""
        X = self._fit(X, sample_weight)
        return self._fitted_model().predict(_core.Data(X))

    def _fit(self, X, sample_weight=None):
        self._check_hyper_parameters()
        X = self._validate(X, reset=True)
        n, d = X.shape
        sw = sample_weights(sample_weight, n)
        check_enough_points(n, self.n_components, sw)
        w_init, m_init, p_init = self._check_initial_parameters(d)
        X64 = np.ascontiguousarray(X, dtype=np.float64)  # no copy for C-ordered float64
        do_init = not (self.warm_start and hasattr(self, "converged_"))
        # The core's checked copy of X, for a start made by the M-step from responsibilities.
        all_given = w_init is not None and m_init is not None and p_init is not None
        data = _core.Data(X64) if do_init and not all_given else None
        n_init = self.n_init if do_init else 1
        rs = check_random_state(self.random_state)
        threads = self._threads()
        max_lower_bound = -np.inf
        best = None
        self.converged_ = False
        for init in range(n_init):
            if self.verbose:
                print(f"Initialization {init}")
            if do_init:
                start, raw_weights = self._initial_model(
                    n, data, rs, w_init, m_init, p_init, sw, X64
                )
                start_bound = -np.inf
            else:
                start, raw_weights = self._fitted_model(), self.weights_
                start_bound = self.lower_bound_
            if self.max_iter == 0:
                best = (start, [], 0, raw_weights)
                continue
            model, bounds, n_iter, converged = _core.em_fit(
                X64, start, float(self.reg_covar), float(self.tol), int(self.max_iter),
                float(start_bound), float(np.log(raw_weights.sum())), threads, sw,
            )
            lower_bound = bounds[-1]
            if self.verbose:
                state = "converged" if converged else "did not converge"
                print(f"Initialization {state}. time lapse: n/a\t lower bound {lower_bound:.5f}")
            if lower_bound > max_lower_bound or max_lower_bound == -np.inf:
                max_lower_bound = lower_bound
                best = (model, bounds, n_iter, None)
                self.converged_ = converged
        if not self.converged_ and self.max_iter > 0:
            warnings.warn(
                "Best performing initialization did not converge. Try different init "
                "parameters, or increase max_iter, tol, or check for degenerate data.",
                ConvergenceWarning,
                stacklevel=3,
            )
        model, bounds, n_iter, raw_weights = best
        self._set_from_model(model)
        if raw_weights is not None:  # max_iter=0: the start as scikit-learn leaves it
            self.weights_ = raw_weights.copy()
        self.n_iter_ = n_iter
        self.lower_bound_ = max_lower_bound
        self.lower_bounds_ = list(bounds)
        return X64

    # ----------------------------------------------------------- using a fit

    def _data(self, X):
        check_is_fitted(self)
        X = self._validate(X, reset=False)
        return _core.Data(np.asarray(X, dtype=np.float64))

    def score_samples(self, X):
        """Log density ln p(x) of each sample."""
        data = self._data(X)
        return self._fitted_model().score_samples(data)

    def score(self, X, y=None, sample_weight=None):
        """Mean per-sample log-likelihood (weighted by ``sample_weight`` when given)."""
        return weighted_mean(self.score_samples(X), sample_weight)

    def predict(self, X):
        """The most probable component of each sample."""
        data = self._data(X)
        return self._fitted_model().predict(data)

    def predict_proba(self, X):
        """Responsibilities p(component | x), shape (n_samples, n_components)."""
        data = self._data(X)
        return self._fitted_model().predict_proba(data)

    def sample(self, n_samples=1):
        """Draws ``n_samples`` points (as scikit-learn: same random_state, same draws).

        Returns ``(X, y)``: the points and the component each came from.
        """
        return draw_samples(self, n_samples)

    def _n_parameters(self):
        """Free parameters of the fitted mixture (the core's count: scikit-learn's rule, mclust's
        df for its models)."""
        return int(_core.n_parameters(self._model_arg(), self.n_components, self.means_.shape[1]))

    def _criterion_terms(self, X, sample_weight):
        """The weighted mean log-likelihood and n (Σ w with weights) of BIC and AIC on X."""
        n = np.asarray(X).shape[0] if hasattr(X, "shape") else len(X)
        if sample_weight is None:
            return self.score(X), n
        sw = sample_weights(sample_weight, n)
        return self.score(X, sample_weight=sw.values), sw.total

    def bic(self, X, sample_weight=None):
        """Bayesian information criterion on X (lower is better; the core's formula). With
        ``sample_weight``: the weighted mean log-likelihood, and n = Σ w."""
        score, n = self._criterion_terms(X, sample_weight)
        return _core.bic(score, n, self._n_parameters())

    def aic(self, X, sample_weight=None):
        """Akaike information criterion on X (lower is better; the core's formula), weighted as
        ``bic``."""
        score, n = self._criterion_terms(X, sample_weight)
        return _core.aic(score, n, self._n_parameters())

    def icl(self, X, sample_weight=None):
        """Integrated completed likelihood on X (mclust's, in ``bic``'s sign: lower is better):
        ``bic(X)`` plus twice the entropy of the classification, −2 Σₙ log maxⱼ p(j | xₙ) (each
        term times the sample's weight with ``sample_weight``; the core's formula)."""
        n = np.asarray(X).shape[0] if hasattr(X, "shape") else len(X)
        sw = sample_weights(sample_weight, n)
        bic = self.bic(X, sample_weight=None if sw is None else sw.values)
        return self._fitted_model().icl(self._data(X), bic, sw)

    def uncertainty(self, X):
        """Per-sample uncertainty of the classification, 1 − maxⱼ p(j | x) (mclust's
        ``uncertainty``; the core's formula): 0 for a sample surely in one component."""
        data = self._data(X)
        return self._fitted_model().uncertainty(data)
