"""``emviz.select``: choose the covariance model and K together, as mclust's ``mclustBIC``.

Every (model, K) of mclust's models × K (``k``, or 1..``k_max``: mclust's ``G``) is fitted by the core
(``emviz_core::select_models``, GIL released, spread over threads) and compared by BIC, AIC and
ICL (lower is better: scikit-learn's sign; mclust's BIC and ICL are their negatives). A fit that
has a collapsed, lonely or empty component is ``degenerate``: shown, never chosen.

    >>> result = emviz.select(X, models="all", k=range(1, 10), n_init=5, reg_covar=0.0)
    >>> result.model, result.k            # the best by ``criterion`` (BIC by default)
    >>> pandas.DataFrame(result.rows)     # one row per (model, K)
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from . import _core
from ._compat import check_random_state
from ._rules import DEFAULTS, MODEL_NAMES, SEED_MAX
from .mixture import sample_weights

#: The K mclust's ``mclustBIC`` fits by default (its ``G = 1:9``): a selection's K when neither
#: ``k`` nor ``k_max`` is given (not the page's largest K, ``_rules.K_MAX``).
MCLUST_G = range(1, 10)

#: The criteria a selection compares (lower is better), in the core's names.
CRITERIA = ("bic", "aic", "icl")


@dataclass(frozen=True)
class Selection:
    """The models × K table and its best cells.

    ``rows``: one dict per (model, K), model by model in the order asked, K ascending, with keys
    ``model`` (mclust's name), ``k``, ``n_parameters`` (mclust's df), ``log_likelihood`` (mean
    per sample), ``bic``, ``aic``, ``icl`` (None when the fit failed), ``converged``,
    ``degenerate`` and ``error`` (why the fit failed, or None): ``pandas.DataFrame(rows)`` is
    the table. ``best``: ``{"bic": (model, k), "aic": …, "icl": …}``, the lowest non-degenerate
    cell by each criterion. ``criterion``: the one ``model`` and ``k`` follow.
    """

    rows: list
    best: dict
    criterion: str

    @property
    def model(self):
        """The best model by ``criterion`` (mclust's name)."""
        return self.best[self.criterion][0]

    @property
    def k(self):
        """The best K by ``criterion``."""
        return self.best[self.criterion][1]


def _models(models):
    if isinstance(models, str):
        if models.strip().lower() == "all":
            return list(MODEL_NAMES)
        models = [models]
    models = list(models)
    if not models or not all(isinstance(m, str) for m in models):
        raise ValueError(
            f'invalid models: {models!r}; give "all" or a list of names from {", ".join(MODEL_NAMES)}'
        )
    return models


def _seed(random_state):
    if random_state is None:
        return DEFAULTS["seed"]
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if not 0 <= random_state <= SEED_MAX:
            raise ValueError(f"invalid random_state: {random_state} is not in 0..={SEED_MAX}")
        return int(random_state)
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


def _ks(k, k_max):
    """The K asked for: ``k`` (one or several, each once, in order) or 1..``k_max`` (mclust's
    default G = 1..9 when neither is given), as the core's keyword."""
    if k is not None and k_max is not None:
        raise ValueError("invalid k: give k (the K to fit) or k_max (K = 1..k_max), not both")
    if k is None:
        k_max = MCLUST_G[-1] if k_max is None else k_max
        _whole("k_max", k_max)
        return {"k_max": int(k_max)}
    ks = [k] if isinstance(k, numbers.Integral) else list(k)
    for v in ks:
        _whole("k", v)
    if not ks or min(ks) < 1:
        raise ValueError(f"invalid k: {k!r}; give K ≥ 1, one or several")
    return {"ks": list(dict.fromkeys(int(v) for v in ks))}


def _whole(name, v):
    if not isinstance(v, numbers.Integral) or isinstance(v, bool) or v < 0:
        raise ValueError(f"invalid {name}: {v!r} must be a whole number")


def select(
    X,
    models="all",
    k=None,
    *,
    k_max=None,
    criterion="bic",
    init=DEFAULTS["init"],
    n_init=DEFAULTS["n_init"],
    random_state=None,
    tol=DEFAULTS["tol"],
    max_iter=DEFAULTS["max_iter"],
    reg_covar=DEFAULTS["reg_covar"],
    n_threads=None,
    sample_weight=None,
):
    """Fits each of ``models`` with each K of ``k`` (an integer or several: ``range(1, 10)``,
    ``[2, 3]``) or K = 1..``k_max`` (at most the number of samples; neither given: 1..9, mclust's
    default) to ``X`` and returns a :class:`Selection` (``rows``, ``best``, ``model``, ``k``).

    ``models``: ``"all"`` (mclust's fourteen, in its order) or a list of names (mclust's, any
    case, or scikit-learn's four types, which are four of them). ``criterion``: ``"bic"``,
    ``"aic"`` or ``"icl"``, the one ``model`` and ``k`` follow. Each fit takes ``n_init`` starts
    of ``init`` (``"kmeans++"`` or ``"random"``: K samples at random), seeded by
    ``random_state`` (an integer; None: the core's default seed 0; a ``RandomState``: a seed
    drawn from it), and the core's stopping rule (``tol`` on the mean log-likelihood,
    ``max_iter``) and ``reg_covar`` (mclust adds none: give ``reg_covar=0.0`` to compare with
    it). ``n_threads``: threads the fits are spread over (None: every core); the table is the
    same for any count. ``sample_weight`` (one number ≥ 0 per sample, as
    ``GaussianMixture.fit``'s) weighs every fit and criterion: the log-likelihood is Σ wₙ log
    p(xₙ), n in BIC is Σ wₙ, so integer weights give the table of the data with each sample
    repeated. Bad names, settings or weights raise ``ValueError``.
    """
    if criterion not in CRITERIA:
        raise ValueError(f"invalid criterion: {criterion!r} is not one of {', '.join(CRITERIA)}")
    X = np.ascontiguousarray(np.asarray(X, dtype=np.float64))
    if X.ndim != 2:
        raise ValueError(f"invalid X: {X.ndim} dimension(s) given, but a selection needs a 2-D table")
    for name, v in (("n_init", n_init), ("max_iter", max_iter)):
        _whole(name, v)
    asked = _ks(k, k_max)
    threads = _core.available_threads() if n_threads is None else int(n_threads)
    sw = sample_weights(sample_weight, X.shape[0])
    table = _core.select_models(
        _core.Data(X), _models(models), **asked, init=init, n_init=int(n_init),
        seed=_seed(random_state), tol=float(tol), max_iter=int(max_iter),
        reg_covar=float(reg_covar), n_threads=threads, sample_weight=sw,
    )
    best = {c: (table[f"best_{c}"]["model"], table[f"best_{c}"]["k"]) for c in CRITERIA}
    return Selection(rows=table["rows"], best=best, criterion=criterion)
