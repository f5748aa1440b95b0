"""emviz: Gaussian mixtures fitted by EM in Rust, and EM's animation inside notebooks.

- ``emviz.GaussianMixture``: a drop-in for ``sklearn.mixture.GaussianMixture`` (same parameters,
  attributes and methods, same fit from the same start), many times faster, with ``n_threads``.
- ``emviz.BayesianGaussianMixture``: a drop-in for ``sklearn.mixture.BayesianGaussianMixture``
  (variational Bayes: Dirichlet-process or Dirichlet weights), the same fit from the same start.
- ``emviz.select(X, models="all", k_max=9)``: mclust's fourteen covariance models × K compared by
  BIC, AIC and ICL (as mclust's ``mclustBIC``); ``GaussianMixture(covariance_type="VEV")`` fits
  one of them.
- ``emviz.Widget(X, ...)`` / ``emviz.show(model, X)``: the emviz page's animation as a notebook
  widget (needs ``pip install emviz[notebook]``), for scikit-learn's four covariance types and
  mclust's fourteen models (``covariance_type="VEV"``), as ``emviz.spark.GaussianMixture``.
- ``emviz._core.Model`` / ``emviz._core.Stats``: a mixture and the mergeable sufficient statistics
  of one EM pass under it, for distributed EM (Spark); ``GaussianMixture.to_core_model()`` and
  ``GaussianMixture.from_core_model()`` go between them and the estimator.
"""

from ._compat import ConvergenceWarning, NotFittedError
from ._core import __version__
from .bayesian import BayesianGaussianMixture
from .mixture import GaussianMixture
from .selection import Selection, select


def __getattr__(name):
    # The widget needs anywidget (emviz[notebook]); import it only when asked for.
    if name in ("Widget", "show"):
        from . import widget

        return getattr(widget, name)
    raise AttributeError(f"module 'emviz' has no attribute {name!r}")


__all__ = [
    "Widget",
    "show",
    "GaussianMixture",
    "BayesianGaussianMixture",
    "select",
    "Selection",
    "ConvergenceWarning",
    "NotFittedError",
    "__version__",
]
