"""A model in any form → ``emviz._core.Model``, and the model JSON, both through the core
(``emviz._core.model_from_json`` / ``model_to_json``: ``emviz_core::ModelJson``)."""

from __future__ import annotations

import json

import numpy as np

from .. import _core
from .._rules import DEFAULTS
from ..mixture import _to_full
from ._features import _invalid


def _plain(value):
    """numpy values inside a model dict as JSON's (lists, floats)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not a number or an array")


def _core_model_from(obj, covariance_type=None):
    """An ``emviz._core.Model`` (and its feature names, if known) from any form of a model: an
    ``emviz._core.Model``, an emviz.spark model (anything with a ``core_model``), a model JSON
    (dict or text; a type it does not name is ``covariance_type``, else the default), or a
    fitted emviz or scikit-learn ``GaussianMixture``."""
    if isinstance(obj, _core.Model):
        return obj, None
    if isinstance(getattr(obj, "core_model", None), _core.Model):
        return obj.core_model, obj.feature_names
    if isinstance(obj, dict):
        obj = json.dumps(obj, default=_plain)
    if isinstance(obj, (str, bytes)):
        text = obj.decode("utf-8") if isinstance(obj, bytes) else obj
        model, names, *_ = _core.model_from_json(text, covariance_type or DEFAULTS["covariance_type"])
        return model, names
    if hasattr(obj, "weights_") and hasattr(obj, "means_") and hasattr(obj, "covariances_"):
        t = getattr(obj, "covariance_type", DEFAULTS["covariance_type"])
        m = np.asarray(obj.means_, dtype=np.float64)
        k, d = m.shape
        names = getattr(obj, "feature_names_in_", None)
        return (
            _core.Model(
                t,
                np.ascontiguousarray(obj.weights_, dtype=np.float64),
                np.ascontiguousarray(m),
                _to_full(obj.covariances_, t, k, d),
            ),
            None if names is None else [str(n) for n in names],
        )
    raise _invalid(
        "initialModel",
        f"{type(obj).__name__} is not a model: give an emviz.spark model, a fitted "
        "GaussianMixture, an emviz._core.Model or a model JSON",
    )


def _model_json(model, feature_names=None, *, converged=False, n_iter=0, lower_bounds=(), indent=None):
    """The model JSON (docs/EXPORT.md) of ``model``: the core writes it."""
    return _core.model_to_json(
        model, feature_names, bool(converged), int(n_iter), [float(b) for b in lower_bounds], indent
    )
