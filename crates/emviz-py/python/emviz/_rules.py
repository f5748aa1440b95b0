"""The rules of a setting, read from the core (``emviz._core.RULES``, i.e. ``emviz_core::rules``).

Nothing here is a rule of its own: the covariance types, mclust's models and the starts (names and aliases), the K
and seed ranges, the defaults and the book's start are the core's, so the estimator, the widget
and Spark spell them the way the page and the CLI do. The core's own check of a fit's
parameters is ``emviz._core.check_params``.
"""

from __future__ import annotations

from ._core import RULES

#: The covariance types' names, in the rules' one order (scikit-learn's).
COVARIANCE_TYPES = tuple(t["name"] for t in RULES["covariance_types"])
# The order is a rule of the core (CovarianceType::ALL): a new type fails here, loudly.
FULL, TIED, DIAG, SPHERICAL = COVARIANCE_TYPES
#: Types whose covariances are matrices (the others keep variances only).
MATRIX_TYPES = (FULL, TIED)

#: mclust's fourteen covariance models' names, in mclust's order (ModelName::ALL). Four of them
#: are scikit-learn's types: VVV is full, VVI diag, VII spherical, EEE tied.
MODEL_NAMES = tuple(m["name"] for m in RULES["models"])
#: The four of mclust's models that are scikit-learn's types, by name (``"VVV"`` → ``"full"``).
MODEL_TYPES = {m["name"]: m["covariance_type"] for m in RULES["models"] if m["covariance_type"]}

# The starts' names, in the rules' one order (InitKind::ALL; a new start fails here, loudly).
KMEANSPP, RANDOM, MEANS, BOOK_START = (i["name"] for i in RULES["inits"])

DEFAULTS = RULES["defaults"]
K_MIN, K_MAX = RULES["k"]["min"], RULES["k"]["max"]
SEED_MAX = RULES["seed"]["max"]
BOOK = RULES["book"]


def names_of(named):
    """Every name a rule accepts for one thing: its name, then its aliases."""
    return (named["name"], *named["aliases"])

#: The priors on a variational Bayesian mixture's weights (scikit-learn's
#: weight_concentration_prior_type), in the rules' one order: the default first.
WEIGHT_PRIORS = tuple(w["name"] for w in RULES["weight_priors"])
DIRICHLET_PROCESS, DIRICHLET_DISTRIBUTION = WEIGHT_PRIORS
