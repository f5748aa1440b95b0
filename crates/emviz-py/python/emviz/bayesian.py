"""``emviz.BayesianGaussianMixture``: scikit-learn's BayesianGaussianMixture, fitted by emviz's
Rust variational Bayes.

Same constructor parameters, defaults, fitted attributes and methods as
``sklearn.mixture.BayesianGaussianMixture`` (plus ``n_threads``), and the same loop: from the same
start (``init_params="random"`` / ``"random_from_data"`` with the same ``random_state``) every
attribute equals scikit-learn's. The priors, the M-step, the E-step and the lower bound are the
core's (``emviz_core::vb``); here are only scikit-learn's API and its attributes' layouts.

``fit(X, sample_weight=w)`` (which scikit-learn's lacks) weighs each sample by wₙ as
``GaussianMixture``'s does, with the same checks and messages: the default mean and covariance
priors are the weighted moments (``np.cov(X.T, fweights=w)``'s), the start honours the weights,
and every sum of the loop — the counts, means, scatters and the responsibilities' entropy in
``lower_bound_`` — is weighted. Integer weights fit as the rows repeated, a zero weight as the
row dropped. ``score(X, sample_weight=w)`` is the weighted mean of ``score_samples``.
"""

from __future__ import annotations

import warnings

import numpy as np

from . import _core
from ._compat import (
    BaseEstimator,
    ConvergenceWarning,
    DensityMixin,
    check_is_fitted,
    check_random_state,
)
from ._rules import DIRICHLET_PROCESS, FULL, MATRIX_TYPES, SPHERICAL, TIED, WEIGHT_PRIORS
from .mixture import GaussianMixture as _GaussianMixture
from .mixture import (
    _from_full,
    _invalid,
    _precision_cholesky,
    _precisions,
    _to_full,
    check_common_parameters,
    check_enough_points,
    draw_samples,
    initial_responsibilities,
    sample_weights,
    weighted_mean,
)


class BayesianGaussianMixture(DensityMixin, BaseEstimator):
    """Variational Bayesian Gaussian mixture in Rust; a drop-in for
    ``sklearn.mixture.BayesianGaussianMixture``.

    Parameters are scikit-learn's (``n_components=1``, ``covariance_type="full"``, ``tol=1e-3``,
    ``reg_covar=1e-6``, ``max_iter=100``, ``n_init=1``, ``init_params="kmeans"``,
    ``weight_concentration_prior_type="dirichlet_process"``, ``weight_concentration_prior``,
    ``mean_precision_prior``, ``mean_prior``, ``degrees_of_freedom_prior``, ``covariance_prior``,
    ``random_state``, ``warm_start``, ``verbose``, ``verbose_interval``) plus ``n_threads``:
    threads for the passes (``None``: every core). ``init_params="kmeans"`` and ``"k-means++"``
    use emviz's own k-means / k-means++, so they start elsewhere than scikit-learn's.

    Fitted attributes: ``weights_``, ``means_``, ``covariances_``, ``precisions_``,
    ``precisions_cholesky_``, ``weight_concentration_`` (a pair of arrays for a Dirichlet
    process), ``mean_precision_``, ``degrees_of_freedom_``, the priors as used
    (``weight_concentration_prior_``, ``mean_precision_prior_``, ``mean_prior_``,
    ``degrees_of_freedom_prior_``, ``covariance_prior_``), ``converged_``, ``n_iter_``,
    ``lower_bound_``, ``lower_bounds_``, ``n_features_in_``, ``feature_names_in_``.
    """

    def __init__(
        self,
        *,
        n_components=1,
        covariance_type=FULL,
        tol=1e-3,
        reg_covar=1e-6,
        max_iter=100,
        n_init=1,
        init_params="kmeans",
        weight_concentration_prior_type=DIRICHLET_PROCESS,
        weight_concentration_prior=None,
        mean_precision_prior=None,
        mean_prior=None,
        degrees_of_freedom_prior=None,
        covariance_prior=None,
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
        self.weight_concentration_prior_type = weight_concentration_prior_type
        self.weight_concentration_prior = weight_concentration_prior
        self.mean_precision_prior = mean_precision_prior
        self.mean_prior = mean_prior
        self.degrees_of_freedom_prior = degrees_of_freedom_prior
        self.covariance_prior = covariance_prior
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.verbose_interval = verbose_interval
        self.n_threads = n_threads

    _validate = _GaussianMixture._validate
    _threads = _GaussianMixture._threads
    _data = _GaussianMixture._data

    # ------------------------------------------------------------------ priors

    def _prior(self, data, sw=None):
        """The core's checked priors (scikit-learn's defaults from the data where None, weighted
        by the ``SampleWeight`` ``sw`` when given)."""
        check_common_parameters(self)
        if self.weight_concentration_prior_type not in WEIGHT_PRIORS:
            raise _invalid(
                "weight_concentration_prior_type",
                f"{self.weight_concentration_prior_type!r} is not one of {', '.join(WEIGHT_PRIORS)}",
            )

        def number(name):
            v = getattr(self, name)
            if v is None:
                return None
            if isinstance(v, bool) or not np.isscalar(v) or not np.isreal(v):
                raise _invalid(name, f"{v!r} must be None or a number > 0")
            return float(v)

        def array(name, want):
            v = getattr(self, name)
            if v is None:
                return None
            a = np.asarray(v, dtype=np.float64)
            if a.shape != want:
                raise _invalid(name, f"shape {a.shape} given, but {want} is needed")
            return np.ascontiguousarray(a.ravel())

        d = data.d
        t = self.covariance_type
        if t in MATRIX_TYPES:
            covariance = array("covariance_prior", (d, d))
        elif t == SPHERICAL:
            c = number("covariance_prior")
            covariance = None if c is None else np.array([c])
        else:
            covariance = array("covariance_prior", (d,))
        return _core.Prior(
            data,
            self.n_components,
            t,
            self.weight_concentration_prior_type,
            number("weight_concentration_prior"),
            number("mean_precision_prior"),
            array("mean_prior", (d,)),
            number("degrees_of_freedom_prior"),
            covariance,
            sw,
        )

    def _set_priors(self, prior, d):
        self.weight_concentration_prior_ = prior.weight_concentration
        self.mean_precision_prior_ = prior.mean_precision
        self.mean_prior_ = prior.mean
        self.degrees_of_freedom_prior_ = prior.degrees_of_freedom
        c = prior.covariance
        t = self.covariance_type
        self.covariance_prior_ = c.reshape(d, d) if t in MATRIX_TYPES else (float(c[0]) if t == SPHERICAL else c)

    # ----------------------------------------------------------------- fitting

    def _set_from_posterior(self, posterior):
        a = posterior.arrays()
        t = self.covariance_type
        if self.weight_concentration_prior_type == DIRICHLET_PROCESS:
            self.weight_concentration_ = (a["weight_concentration_"], a["weight_concentration_rest_"])
        else:
            self.weight_concentration_ = a["weight_concentration_"]
        self.mean_precision_ = a["mean_precision_"]
        self.means_ = a["means_"]
        dof = a["degrees_of_freedom_"]
        self.degrees_of_freedom_ = dof[0] if t == TIED else dof
        self.covariances_ = _from_full(a["covariances_"], t)
        self.precisions_cholesky_ = _precision_cholesky(self.covariances_, t)
        self.precisions_ = _precisions(self.precisions_cholesky_, t)
        self.weights_ = a["weights_"]

    def _posterior(self):
        """The fitted attributes as the core's posterior (for the E-step and warm starts)."""
        k, d = self.means_.shape
        t = self.covariance_type
        wc = self.weight_concentration_
        if isinstance(wc, tuple):
            first, rest, kind = wc[0], wc[1], WEIGHT_PRIORS[0]
        else:
            first, rest, kind = wc, np.empty(0), WEIGHT_PRIORS[1]
        f64 = lambda v: np.ascontiguousarray(v, dtype=np.float64)  # noqa: E731
        return _core.Posterior(
            kind,
            t,
            f64(first),
            f64(rest),
            f64(self.mean_precision_),
            f64(self.means_),
            f64(np.broadcast_to(self.degrees_of_freedom_, (k,))),
            _to_full(self.covariances_, t, k, d),
        )

    def fit(self, X, y=None, sample_weight=None):
        """Estimates the posterior with variational Bayes (``n_init`` starts, the best bound
        kept); returns self. ``sample_weight`` (one number ≥ 0 per sample) weighs each sample's
        contribution."""
        self._fit(X, sample_weight)
        return self

    def fit_predict(self, X, y=None, sample_weight=None):
        """Fits, then returns each point's most probable component."""
        X = self._fit(X, sample_weight)
        return self._posterior().model.predict(_core.Data(X))

    def _fit(self, X, sample_weight=None):
        check_common_parameters(self)
        X = self._validate(X, reset=True)
        n, d = X.shape
        k = self.n_components
        sw = sample_weights(sample_weight, n)
        check_enough_points(n, k, sw)
        X64 = np.ascontiguousarray(X, dtype=np.float64)
        data = _core.Data(X64)
        prior = self._prior(data, sw)
        self._set_priors(prior, d)
        do_init = not (self.warm_start and hasattr(self, "converged_"))
        n_init = self.n_init if do_init else 1
        rs = check_random_state(self.random_state)
        threads = self._threads()
        reg = float(self.reg_covar)
        max_lower_bound = -np.inf
        best = None
        self.converged_ = False
        for init in range(n_init):
            if self.verbose:
                print(f"Initialization {init}")
            if do_init:
                resp = initial_responsibilities(self.init_params, n, k, data, rs, sw, X64)
                if sw is not None:
                    resp *= sw.values[:, np.newaxis]
                start = _core.Posterior.start(prior, data, np.ascontiguousarray(resp), reg, sw)
                start_bound = -np.inf
            else:
                start, start_bound = self._posterior(), self.lower_bound_
            if self.max_iter == 0:
                best = (start, [], 0)
                continue
            posterior, bounds, n_iter, converged = _core.vb_fit(
                X64, prior, start, reg, float(self.tol), int(self.max_iter), float(start_bound), threads, sw
            )
            lower_bound = bounds[-1]
            if self.verbose:
                state = "converged" if converged else "did not converge"
                print(f"Initialization {state}. time lapse: n/a\t lower bound {lower_bound:.5f}")
            if lower_bound > max_lower_bound or max_lower_bound == -np.inf:
                max_lower_bound = lower_bound
                best = (posterior, bounds, n_iter)
                self.converged_ = converged
        if not self.converged_ and self.max_iter > 0:
            warnings.warn(
                "Best performing initialization did not converge. Try different init "
                "parameters, or increase max_iter, tol, or check for degenerate data.",
                ConvergenceWarning,
                stacklevel=3,
            )
        posterior, bounds, n_iter = best
        self._set_from_posterior(posterior)
        self.n_iter_ = n_iter
        self.lower_bound_ = max_lower_bound
        self.lower_bounds_ = list(bounds)
        return X64

    # ----------------------------------------------------------- using a fit

    def score_samples(self, X):
        """ln Σₖ ρₙₖ of each sample: scikit-learn's ``score_samples`` (the E-step's
        normaliser, not a density)."""
        data = self._data(X)
        posterior = self._posterior()
        return posterior.model.score_samples(data) + posterior.log_normaliser

    def score(self, X, y=None, sample_weight=None):
        """Mean of ``score_samples`` (weighted by ``sample_weight`` when given)."""
        return weighted_mean(self.score_samples(X), sample_weight)

    def predict(self, X):
        """The most probable component of each sample."""
        data = self._data(X)
        return self._posterior().model.predict(data)

    def predict_proba(self, X):
        """Responsibilities q(component | x), shape (n_samples, n_components)."""
        data = self._data(X)
        return self._posterior().model.predict_proba(data)

    def uncertainty(self, X):
        """Per-sample uncertainty of the classification, 1 − maxⱼ q(j | x) (mclust's
        ``uncertainty`` of the variational responsibilities; the core's formula)."""
        data = self._data(X)
        return self._posterior().model.uncertainty(data)

    def sample(self, n_samples=1):
        """Draws ``n_samples`` points from the mixture of ``weights_``, ``means_`` and
        ``covariances_`` (as scikit-learn: same random_state, same draws). Returns ``(X, y)``."""
        check_is_fitted(self)
        return draw_samples(self, n_samples)
