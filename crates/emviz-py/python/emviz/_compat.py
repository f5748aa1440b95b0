"""What emviz takes from scikit-learn when it is installed, and small stand-ins when it is not.

numpy is emviz's only required dependency. With scikit-learn (``pip install emviz[sklearn]``)
``emviz.GaussianMixture`` is a real scikit-learn estimator (``BaseEstimator``, ``DensityMixin``,
``validate_data``, ``NotFittedError``, ``ConvergenceWarning``); without it the stand-ins below keep
the same behaviour for everyday use (get_params/set_params, input checks, errors of the same kinds).
"""

from __future__ import annotations

import inspect
import numbers

import numpy as np

try:  # scikit-learn >= 1.6 (validate_data became public there)
    from sklearn.base import BaseEstimator, DensityMixin
    from sklearn.exceptions import ConvergenceWarning, NotFittedError
    from sklearn.utils import check_random_state
    from sklearn.utils.validation import check_is_fitted, validate_data

    HAVE_SKLEARN = True
except ImportError:  # pragma: no cover - exercised by the no-sklearn test in a subprocess
    HAVE_SKLEARN = False

    class NotFittedError(ValueError, AttributeError):
        """Raised when a method needs a fitted estimator (as scikit-learn's)."""

    class ConvergenceWarning(UserWarning):
        """EM stopped at max_iter before converging (as scikit-learn's)."""

    class BaseEstimator:
        """get_params / set_params / repr from the constructor's signature."""

        @classmethod
        def _get_param_names(cls):
            sig = inspect.signature(cls.__init__)
            return sorted(
                p.name
                for p in sig.parameters.values()
                if p.name != "self" and p.kind != p.VAR_KEYWORD
            )

        def get_params(self, deep=True):
            return {name: getattr(self, name) for name in self._get_param_names()}

        def set_params(self, **params):
            valid = self._get_param_names()
            for key, value in params.items():
                if key not in valid:
                    raise ValueError(
                        f"Invalid parameter {key!r} for estimator {self}. "
                        f"Valid parameters are: {valid!r}."
                    )
                setattr(self, key, value)
            return self

        def __repr__(self):
            defaults = {
                p.name: p.default
                for p in inspect.signature(type(self).__init__).parameters.values()
            }
            changed = []
            for k, v in self.get_params().items():
                d = defaults.get(k, inspect.Parameter.empty)
                same = v is d or (
                    not isinstance(v, np.ndarray) and not isinstance(d, np.ndarray) and v == d
                )
                if not same:
                    changed.append(f"{k}={v!r}")
            return f"{type(self).__name__}({', '.join(changed)})"

    class DensityMixin:
        """Marks a density estimator (as scikit-learn's)."""

        _estimator_type = "DensityEstimator"

    def check_random_state(seed):
        if seed is None or seed is np.random:
            return np.random.mtrand._rand
        if isinstance(seed, numbers.Integral):
            return np.random.RandomState(seed)
        if isinstance(seed, np.random.RandomState):
            return seed
        raise ValueError(f"{seed!r} cannot be used to seed a numpy.random.RandomState instance")

    def check_is_fitted(estimator, attributes=None):
        fitted = [v for v in vars(estimator) if v.endswith("_") and not v.startswith("__")]
        if not fitted:
            raise NotFittedError(
                f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator."
            )

    def validate_data(estimator, X, *, reset=True, dtype=None, ensure_min_samples=1, **_):
        names = None
        columns = getattr(X, "columns", None)
        if columns is not None and len(columns) and all(isinstance(c, str) for c in columns):
            names = np.asarray(list(columns), dtype=object)
        if hasattr(X, "toarray") or type(X).__module__.startswith("scipy.sparse"):
            raise TypeError(
                "Sparse data was passed, but dense data is required. Use '.toarray()' to "
                "convert to a dense numpy array."
            )
        X = np.asarray(X)
        if np.iscomplexobj(X):
            raise ValueError("Complex data not supported")
        if X.dtype not in (np.float32, np.float64):
            X = X.astype(np.float64)
        if X.ndim != 2:
            raise ValueError(
                f"Expected a 2-D array, got {X.ndim}-D with shape {X.shape}: reshape your data "
                "with X.reshape(-1, 1) if it has a single feature or X.reshape(1, -1) if it is "
                "a single sample."
            )
        if X.shape[0] < ensure_min_samples:
            raise ValueError(
                f"Found array with {X.shape[0]} sample(s) (shape={X.shape}) while a minimum "
                f"of {ensure_min_samples} is required."
            )
        if X.shape[1] < 1:
            raise ValueError(
                f"Found array with 0 feature(s) (shape={X.shape}) while a minimum of 1 is "
                "required."
            )
        if not np.isfinite(X).all():
            raise ValueError("Input X contains NaN or infinity: every value must be finite.")
        if reset:
            estimator.n_features_in_ = X.shape[1]
            if names is not None:
                estimator.feature_names_in_ = names
            elif hasattr(estimator, "feature_names_in_"):
                del estimator.feature_names_in_
        elif X.shape[1] != estimator.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features, but {type(estimator).__name__} is expecting "
                f"{estimator.n_features_in_} features as input."
            )
        return X
