"""``emviz.Widget``: the emviz page's animation of EM inside a notebook (anywidget).

The page itself (scripts/build-single.sh's single file: HTML, CSS, JS and the wasm built from
crates/emviz-wasm) ships inside the wheel as ``emviz/static/emviz.html``; the widget shows it in a
same-origin iframe and drives it with the page's own API, so the picture, the controls and the
mathematics are the page's. Nothing is fetched from a server.
"""

from __future__ import annotations

import io
import pathlib

import numpy as np

try:
    import anywidget
    import traitlets
except ImportError as e:  # pragma: no cover
    raise ImportError(
        "emviz.Widget needs anywidget: pip install 'emviz[notebook]' (or pip install anywidget)"
    ) from e

from . import _core
from ._rules import (
    BOOK,
    BOOK_START,
    DEFAULTS,
    K_MAX,
    K_MIN,
    KMEANSPP,
    MEANS,
    RANDOM,
    RULES,
    names_of,
)
from .mixture import (
    GaussianMixture,
    _covariances_from_precisions,
    _to_full,
    check_covariance_type,
    layout,
)

_HERE = pathlib.Path(__file__).parent
_PAGE = _HERE / "static" / "emviz.html"


def _link_name(named):
    """The spelling of a start that a page link carries as it is: its first name or alias made
    of letters only (``kmeans++`` travels as its alias ``kmeanspp``)."""
    return next(n for n in names_of(named) if n.isalpha())


# The starts the widget takes by name: the core's that need no values (given means come as an
# array), under every name and alias, each mapped to the page's link spelling; and scikit-learn's
# init_params for the same starts, so a fitted estimator's own words work too.
_INITS = {
    name: _link_name(named)
    for named in RULES["inits"]
    if named["name"] != MEANS
    for name in names_of(named)
}
_INITS.update({"kmeans": _INITS[KMEANSPP], "random_from_data": _INITS[RANDOM]})
_DEFAULT_INIT = _INITS[DEFAULTS["init"]]
_BOOK = _INITS[BOOK_START]


def _check_settings(n, d, k, covariance_type, init, tol, max_iter, reg_covar):
    """The widget's settings against the rules: the covariance type (scikit-learn's four or
    mclust's fourteen models), K within the page's range, then the core's one check (K against
    the points, tol, reg_covar, and the book's start against K and the columns)."""
    check_covariance_type(covariance_type)
    if not isinstance(k, (int, np.integer)) or not K_MIN <= k <= K_MAX:
        raise ValueError(f"invalid n_components: {k!r} must be an integer from {K_MIN} to {K_MAX}")
    if not isinstance(max_iter, (int, np.integer)) or max_iter < 0:
        raise ValueError(f"invalid max_iter: {max_iter!r} must be an integer ≥ 0")
    if init == _BOOK and not _core.book_start_applies(int(k), d):
        raise ValueError(
            f"invalid init: the book's start is for K = {BOOK['k']} on {BOOK['d']} columns, "
            f"not K = {k} on {d}"
        )
    _core.check_params(
        int(k), n, d, init=init if init == _BOOK else None, tol=float(tol), max_iter=int(max_iter),
        reg_covar=float(reg_covar),
    )


def _page_html():
    if not _PAGE.exists():
        raise RuntimeError(
            "this build of emviz has no page for the widget (emviz/static/emviz.html): build the "
            "wheel after crates/emviz-py/build_static.sh, as scripts/test.sh does"
        )
    # The single-file loader resolves its inlined modules' paths against document.baseURI, which
    # an <iframe srcdoc> inherits from the notebook (its location is "about:srcdoc").
    return _PAGE.read_text(encoding="utf-8")


def _table(X):
    """(values n × d float64, column names) of a numpy array or a pandas DataFrame."""
    names = None
    columns = getattr(X, "columns", None)
    if columns is not None:
        names = [str(c) for c in columns]
    values = np.asarray(X, dtype=np.float64)
    if values.ndim == 1:
        values = values[:, np.newaxis]
    if values.ndim != 2 or values.shape[0] == 0 or values.shape[1] == 0:
        raise ValueError(f"invalid data: expected a 2-D table of numbers, got shape {values.shape}")
    if not np.isfinite(values).all():
        raise ValueError("invalid data: every value must be a finite number (no NaN or inf)")
    if names is None:
        names = [f"x{i + 1}" for i in range(values.shape[1])]
    return values, names


def _csv(values, names):
    buf = io.StringIO()
    buf.write(",".join('"' + n.replace('"', '""') + '"' for n in names) + "\n")
    np.savetxt(buf, values, delimiter=",", fmt="%.17g")
    return buf.getvalue()


def _start_param(weights, means, covariances):
    """The page's ``start=`` link field: weights, means, full covariances, comma-separated."""
    flat = np.concatenate([np.ravel(weights), np.ravel(means), np.ravel(covariances)])
    return ",".join(repr(float(v)) for v in flat)


class Widget(anywidget.AnyWidget):
    """The emviz page's visualiser running EM on ``X`` (a numpy array or a pandas DataFrame).

    ``Widget(X, n_components=2, covariance_type="full", init="kmeans++", random_state=0)`` (the
    defaults are the core's rules, ``emviz._core.RULES``). ``covariance_type`` is scikit-learn's
    ``"full"``, ``"tied"``, ``"diag"`` or ``"spherical"``, or one of mclust's fourteen models by
    name (``"EII"`` … ``"VVV"``, any case; kept in mclust's spelling), whose M-step the page runs:
    blended points, ellipses, the log-likelihood and ELBO/KL charts, Play/Step/Reset, the history
    slider and, for more than two columns, the column pickers. ``init`` is ``"kmeans++"``,
    ``"random"``, ``"book"`` (the book's start: K = 2 on two columns, and ``reg_covar`` 0 unless
    given) or a (K, d) array of starting means.

    Python sees what is shown: ``widget.iteration``, ``widget.log_likelihood`` and
    ``widget.model_`` (an ``emviz.GaussianMixture`` at the state shown). Setting
    ``widget.n_components = 3`` (or another setting) restarts the run; ``widget.play()``,
    ``widget.pause()``, ``widget.step()`` and ``widget.reset()`` press the buttons.
    """

    _esm = _HERE / "widget.js"
    _page = traitlets.Unicode("").tag(sync=True)
    _data = traitlets.Unicode("").tag(sync=True)
    _start = traitlets.Unicode("").tag(sync=True)
    n_components = traitlets.Int(2).tag(sync=True)
    covariance_type = traitlets.Unicode(DEFAULTS["covariance_type"]).tag(sync=True)
    init = traitlets.Unicode(_DEFAULT_INIT).tag(sync=True)
    random_state = traitlets.Int(DEFAULTS["seed"]).tag(sync=True)
    tol = traitlets.Float(DEFAULTS["tol"]).tag(sync=True)
    max_iter = traitlets.Int(DEFAULTS["max_iter"]).tag(sync=True)
    reg_covar = traitlets.Float(DEFAULTS["reg_covar"]).tag(sync=True)
    height = traitlets.Int(720).tag(sync=True)
    iteration = traitlets.Int(0).tag(sync=True)
    log_likelihood = traitlets.Float(None, allow_none=True).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    _state = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        X,
        n_components=2,
        covariance_type=DEFAULTS["covariance_type"],
        init=DEFAULTS["init"],
        random_state=DEFAULTS["seed"],
        *,
        tol=DEFAULTS["tol"],
        max_iter=DEFAULTS["max_iter"],
        reg_covar=None,
        height=720,
        **kwargs,
    ):
        values, names = _table(X)
        n, d = values.shape
        start = ""
        if isinstance(init, str):
            if init not in _INITS:
                raise ValueError(
                    f"invalid init: {init!r} is not one of {', '.join(sorted(_INITS))}, or an "
                    "array of means"
                )
            init_name = _INITS[init]
        else:
            means = np.asarray(init, dtype=np.float64)
            if means.shape != (n_components, d):
                raise ValueError(
                    f"invalid init: means of shape {means.shape} given, but K = {n_components} "
                    f"means of {d} values need ({n_components}, {d})"
                )
            k = n_components
            start = _start_param(np.full(k, 1.0 / k), means, np.array([np.eye(d)] * k))
            init_name = _DEFAULT_INIT
        if reg_covar is None:  # the book's run has its own (none); every other, the default
            reg_covar = BOOK["reg_covar"] if init_name == _BOOK else DEFAULTS["reg_covar"]
        _check_settings(n, d, n_components, covariance_type, init_name, tol, max_iter, reg_covar)
        super().__init__(
            _page=_page_html(),
            _data=_csv(values, names),
            _start=start,
            n_components=int(n_components),
            covariance_type=check_covariance_type(covariance_type),
            init=init_name,
            random_state=int(random_state),
            tol=float(tol),
            max_iter=int(max_iter),
            reg_covar=float(reg_covar),
            height=int(height),
            **kwargs,
        )
        self._names = names

    @traitlets.validate("n_components")
    def _check_k(self, proposal):
        k = proposal["value"]
        if not K_MIN <= k <= K_MAX:
            raise traitlets.TraitError(f"invalid n_components: {k} must be from {K_MIN} to {K_MAX}")
        return k

    @traitlets.validate("covariance_type")
    def _check_covariance_type(self, proposal):
        try:
            return check_covariance_type(proposal["value"])
        except ValueError as e:
            raise traitlets.TraitError(str(e)) from None

    @traitlets.observe("n_components")
    def _book_needs_its_k(self, change):
        # The book's start exists for its K and columns only: another K restarts from the default
        # start with the default reg_covar (as the page's New start does).
        names = getattr(self, "_names", None)  # (None while the constructor sets the traits)
        if names is not None and self.init == _BOOK and not _core.book_start_applies(
            int(change["new"]), len(names)
        ):
            self.init = _DEFAULT_INIT
            self.reg_covar = DEFAULTS["reg_covar"]

    def _press(self, action):
        self.send({"action": action})

    def play(self):
        """Starts the animation (as the Play button)."""
        self._press("play")

    def pause(self):
        """Pauses the animation."""
        self._press("pause")

    def step(self):
        """One half-step (E or M)."""
        self._press("step")

    def iterate(self):
        """One whole iteration (E then M)."""
        self._press("iterate")

    @property
    def model_(self):
        """An ``emviz.GaussianMixture`` holding the parameters shown (after the widget rendered)."""
        s = self._state
        if not s or not s.get("weights"):
            raise RuntimeError("the widget has not been shown yet (display it first)")
        # The page's settings name one of mclust's other models under `model` (its pass type
        # under `covarianceType`): the model's name, so the estimator keeps to its M-step.
        settings = s.get("settings", {})
        t = settings.get("model") or settings.get("covarianceType", self.covariance_type)
        model = _core.Model(
            t,
            np.asarray(s["weights"], dtype=np.float64),
            np.asarray(s["means"], dtype=np.float64),
            np.asarray(s["covariances"], dtype=np.float64),
        )
        trace = list(s.get("trace", []))
        gm = GaussianMixture.from_core_model(
            model,
            n_iter=int(s.get("iteration", 0)),
            converged=bool(s.get("converged", False)),
            lower_bounds=trace[:-1],
            tol=self.tol,
            reg_covar=self.reg_covar,
            max_iter=self.max_iter,
            random_state=self.random_state,
        )
        return gm


def show(model, X, **kwargs):
    """Animates a fitted ``emviz`` or scikit-learn ``GaussianMixture``'s run on ``X`` from its start.

    The start is the model's ``means_init`` (with ``weights_init`` and ``precisions_init`` when
    given); without one, the run starts from k-means++ seeded by the model's ``random_state``.
    A model of one of mclust's fourteen (``covariance_type="VEV"``) runs under that model's
    M-step, its start (``precisions_init`` (k, d, d)) constrained to the model as the estimator's.
    """
    k = int(model.n_components)
    t = check_covariance_type(getattr(model, "covariance_type", DEFAULTS["covariance_type"]))
    values, _ = _table(X)
    d = values.shape[1]
    w = Widget(
        X,
        n_components=k,
        covariance_type=t,
        init=DEFAULTS["init"],
        random_state=int(model.random_state) if isinstance(model.random_state, (int, np.integer)) else 0,
        tol=float(getattr(model, "tol", DEFAULTS["tol"])),
        max_iter=int(getattr(model, "max_iter", DEFAULTS["max_iter"])),
        reg_covar=float(getattr(model, "reg_covar", DEFAULTS["reg_covar"])),
        **kwargs,
    )
    if getattr(model, "means_init", None) is not None:
        means = np.asarray(model.means_init, dtype=np.float64).reshape(k, d)
        weights = (
            np.asarray(model.weights_init, dtype=np.float64)
            if getattr(model, "weights_init", None) is not None
            else np.full(k, 1.0 / k)
        )
        if getattr(model, "precisions_init", None) is not None:
            p = np.asarray(model.precisions_init, dtype=np.float64)
            full = _to_full(_covariances_from_precisions(p, layout(t)), t, k, d)
        else:
            full = np.array([np.eye(d)] * k)
        w._start = _start_param(weights, means, full)
    return w
