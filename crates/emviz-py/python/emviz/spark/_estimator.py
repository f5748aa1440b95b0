"""The estimator: ``GaussianMixture(...).fit(df)``."""

from __future__ import annotations

import math
import time
import uuid
import warnings

import numpy as np
from pyspark import keyword_only
from pyspark.ml import Estimator
from pyspark.sql import functions as F

from .. import _core
from .._rules import FULL, MODEL_TYPES
from ..mixture import _to_full, check_covariance_type, model_kind
from ._blocks import _PACKED_SCHEMA, _check_reports, _pack_function, _unpack_block
from ._convert import _core_model_from
from ._features import HANDLE_INVALID, _feature_plan, _invalid, _weight_expr, _worker_errors
from ._model import GaussianMixtureModel, GaussianMixtureSummary
from ._params import _GaussianMixtureParams
from ._passes import _drop_executor_cache, _Passes
from ._persist import _Persistence
from ._tasks import LoopFailed, TaskLoop, task_slots, why_not

_MODES = ("auto", "tasks", "jobs")


def _is_connect(dataset):
    """Whether ``dataset`` lives on a Spark Connect session (no SparkContext, no RDDs)."""
    return type(dataset).__module__.startswith("pyspark.sql.connect")


class GaussianMixture(Estimator, _GaussianMixtureParams, _Persistence):
    """Gaussian mixtures fitted by emviz's EM on Spark (MLlib's estimator interface).

    ``GaussianMixture(k=2, featuresCol="features", inputCols=None, covarianceType="full",
    tol=1e-3, maxIter=100, seed=None, regCovar=1e-6, initialModel=None, initSampleSize=10000,
    predictionCol="prediction", probabilityCol="probability", handleInvalid="error",
    weightCol=None)``. ``covarianceType`` also takes mclust's fourteen models (``"VEV"``, any
    case; ``emviz._core.RULES["models"]``): the start is ``emviz.GaussianMixture``'s for that
    model, and each iteration's M-step on the driver the model's (``emviz._core.Stats`` carries it).
    ``handleInvalid`` (Spark ML's convention): ``"error"`` fails on a row with a null vector or
    value, NaN, an infinity or a vector of another length (a ValueError naming the column and
    where); ``"skip"`` drops such rows (``summary.numDroppedRows`` counts them). ``fit(df)`` gives a
    ``GaussianMixtureModel``. ``weightCol`` (MLlib's): a numeric column of sample weights, each
    row's contribution to every sum of EM scaled by its weight (as ``emviz.GaussianMixture.fit(X,
    sample_weight=w)``, whose rule it follows: finite, ≥ 0, not all zero; a null weight is an
    error too, whatever ``handleInvalid``). See the module documentation for how it runs.
    ``save(path)`` and
    ``GaussianMixture.load(path)`` keep its parameters (pyspark.ml's ``path/metadata``; an
    ``initialModel`` as its model JSON).
    """

    @keyword_only
    def __init__(
        self,
        *,
        featuresCol="features",
        inputCols=None,
        predictionCol="prediction",
        probabilityCol="probability",
        k=2,
        covarianceType=FULL,
        tol=1e-3,
        maxIter=100,
        seed=None,
        regCovar=1e-6,
        initialModel=None,
        initSampleSize=10000,
        executorCache=True,
        iterationMode="auto",
        handleInvalid="error",
        weightCol=None,
    ):
        super().__init__()
        kwargs = {key: v for key, v in self._input_kwargs.items() if v is not None}
        self._set(**kwargs)

    @keyword_only
    def setParams(self, **kwargs):
        kwargs = {key: v for key, v in self._input_kwargs.items() if v is not None}
        return self._set(**kwargs)

    def setK(self, value):
        return self._set(k=value)

    def setCovarianceType(self, value):
        return self._set(covarianceType=value)

    def setMaxIter(self, value):
        return self._set(maxIter=value)

    def setTol(self, value):
        return self._set(tol=value)

    def setSeed(self, value):
        return self._set(seed=value)

    def setRegCovar(self, value):
        return self._set(regCovar=value)

    def setFeaturesCol(self, value):
        return self._set(featuresCol=value)

    def setInputCols(self, value):
        return self._set(inputCols=value)

    def setPredictionCol(self, value):
        return self._set(predictionCol=value)

    def setProbabilityCol(self, value):
        return self._set(probabilityCol=value)

    def setInitialModel(self, value):
        return self._set(initialModel=value)

    def setInitSampleSize(self, value):
        return self._set(initSampleSize=value)

    def setExecutorCache(self, value):
        return self._set(executorCache=value)

    def setIterationMode(self, value):
        return self._set(iterationMode=value)

    def setHandleInvalid(self, value):
        return self._set(handleInvalid=value)

    def setWeightCol(self, value):
        return self._set(weightCol=value)

    # -- checks
    def _check_params(self):
        k, t = self.getK(), self.getCovarianceType()
        if k < 1:
            raise _invalid("k", f"{k} must be an integer ≥ 1 (the number of components)")
        check_covariance_type(t, param="covarianceType")
        tol, reg = self.getTol(), self.getRegCovar()
        if not math.isfinite(tol) or tol < 0:
            raise _invalid("tol", f"{tol} must be a finite number ≥ 0")
        if not math.isfinite(reg) or reg < 0:
            raise _invalid("regCovar", f"{reg} must be a finite number ≥ 0")
        if self.getMaxIter() < 0:
            raise _invalid("maxIter", f"{self.getMaxIter()} must be an integer ≥ 0")
        if self.getIterationMode() not in _MODES:
            raise _invalid(
                "iterationMode", f'"{self.getIterationMode()}" is not one of auto, tasks, jobs'
            )
        if self.getHandleInvalid() not in HANDLE_INVALID:
            raise _invalid(
                "handleInvalid", f'"{self.getHandleInvalid()}" is not one of {", ".join(HANDLE_INVALID)}'
            )
        if self.getInitSampleSize() < 1:
            raise _invalid("initSampleSize", f"{self.getInitSampleSize()} must be ≥ 1")

    def _kind(self):
        """The model fitted, as the core's model names it (``model_kind``): scikit-learn's type, or
        one of mclust's other models in its spelling (``"vev"`` → ``"VEV"``; ``"VVV"`` → ``"full"``)."""
        name = check_covariance_type(self.getCovarianceType(), param="covarianceType")
        return MODEL_TYPES.get(name, name)

    # -- fitting
    def _fit(self, dataset):
        self._check_params()
        k, t = self.getK(), self._kind()
        t0 = time.perf_counter()
        plan = _feature_plan(dataset, self.getFeaturesCol(), self._input_cols())
        d, names, skip = plan.d, plan.names, self.getHandleInvalid() == "skip"
        cols = [f"x{i}" for i in range(len(plan.exprs))]
        exprs = list(plan.exprs)
        weight_col = self._weight_col()
        if weight_col is not None:
            exprs.append(_weight_expr(dataset, weight_col))
            cols.append("sw")
        seed = int(self.getSeed())
        init = self.getInitialModel()
        sample_size = 0 if init is not None else self.getInitSampleSize()
        mode, slots = self._plan(dataset)
        weighted = weight_col is not None
        # The one pass over the input: checked, cast to float64, packed into blocks and cached;
        # per partition a report (rows, bad values, the start's sample).
        fit_id = uuid.uuid4().hex if self.getExecutorCache() else None
        packed = (
            dataset.select([e.alias(c) for e, c in zip(exprs, cols)])
            .mapInArrow(_pack_function(d, seed, sample_size, fit_id, vector=plan.column is not None,
                                       weighted=weighted), _PACKED_SCHEMA)
            .cache()
        )
        try:
            with _worker_errors():
                reports = (packed.where(F.col("kind") == 1)
                           .select("part", "n", "bad", "x", "h", "w", "ws").toArrow())
            n, dropped, weight_sum = _check_reports(reports, plan, skip, weight_col)
            # (the k-means start, emviz.GaussianMixture on the sample, needs 2 rows)
            least = k if init is not None else max(k, 2)
            if n < least:
                left = f" (after skipping {dropped} invalid row(s))" if dropped else ""
                why = "" if least == k else " (the k-means start needs 2 rows: or give an initialModel)"
                raise _invalid("data", f"{n} rows{left} cannot be fitted by k = {k} components{why}")
            start = self._start(reports, k, t, d, seed, weighted)
            init_time = time.perf_counter() - t0
            result = None
            if mode == "tasks":
                try:
                    t1 = time.perf_counter()
                    with TaskLoop(packed, d, n, slots, fit_id, weighted=weighted) as loop:
                        setup_time = time.perf_counter() - t1
                        loading = loop.loading
                        result = self._em(loop, start)
                except LoopFailed as e:
                    if self.getIterationMode() == "tasks":
                        raise RuntimeError(f"emviz.spark: the EM loop in tasks failed: {e}") from e
                    warnings.warn(
                        f"emviz.spark: the EM loop in tasks could not run ({e}); fitting with one "
                        "Spark job per iteration instead", RuntimeWarning, stacklevel=2,
                    )
                    mode = "jobs"
            if result is None:
                setup_time, loading = 0.0, None
                result = self._em(
                    _Passes(packed, d, fit_id, weighted=weighted, connect=mode == "connect"), start)
            model, lower_bounds, n_iter, converged, times = result
        finally:
            if fit_id is not None:
                _drop_executor_cache(packed, fit_id)
            packed.unpersist()
        fitted = GaussianMixtureModel(
            model, feature_names=names, start=start, n_iter=n_iter, converged=converged,
            lower_bounds=lower_bounds,
        )
        self._copyValues(fitted)
        fitted._set(k=k, covarianceType=t)
        fitted._summary = GaussianMixtureSummary(
            fitted, dataset, k, n_iter, converged, n, lower_bounds, times, init_time,
            weight_sum=weight_sum,
        )
        fitted._summary.numDroppedRows = dropped
        fitted._summary.iterationMode = mode
        fitted._summary.loopSetupTime = setup_time
        fitted._summary.loopLoading = loading
        return fitted

    def _plan(self, dataset):
        """("tasks", task slots), ("jobs", None) or, on a Spark Connect session, ("connect", None):
        how this fit's iterations will run."""
        want = self.getIterationMode()
        if _is_connect(dataset):
            if want == "tasks":
                raise _invalid(
                    "iterationMode",
                    '"tasks" cannot run on a Spark Connect session (it has no SparkContext for '
                    'the barrier job): use "auto" or "jobs", which run one query per iteration',
                )
            return "connect", None
        if want == "jobs":
            return "jobs", None
        sc = dataset.sparkSession.sparkContext
        slots = task_slots(sc)
        reason = why_not(sc, slots)
        if reason is not None:
            if want == "tasks":
                raise _invalid("iterationMode", f'"tasks" cannot run here: {reason}')
            return "jobs", None
        return "tasks", slots

    def _start(self, reports, k, t, d, seed, weighted):
        init = self.getInitialModel()
        if init is not None:
            model, _ = _core_model_from(init, t)
            # A model of one of mclust's other models (its family) is a start of that model only.
            kind = model_kind(model)
            if (model.k, model.d) != (k, d) or kind != t:
                raise _invalid(
                    "initialModel",
                    f"it has k = {model.k}, {model.d} dimension(s) and {kind} "
                    f"covariances, but this fit has k = {k}, {d} feature column(s) and "
                    f"covarianceType {t}",
                )
            return model
        # The sample: the initSampleSize rows of smallest seeded hash over all partitions (so it
        # does not depend on the partitioning), in the order of their hashes.
        blocks = [_unpack_block(np.frombuffer(b, dtype=np.float64), d, weighted)
                  for b in reports.column("x").to_pylist()]
        hs = [np.frombuffer(b, dtype=np.uint64) for b in reports.column("h").to_pylist()]
        X, h = np.concatenate([x for x, _ in blocks]), np.concatenate(hs)
        order = np.lexsort(tuple(X.T[::-1]) + (h,))[: self.getInitSampleSize()]
        X = np.ascontiguousarray(X[order])
        w = np.concatenate([w for _, w in blocks])[order] if weighted else None
        from ..mixture import GaussianMixture as LocalGM

        gm = LocalGM(
            n_components=k, covariance_type=t, reg_covar=self.getRegCovar(),
            init_params="kmeans", max_iter=0, random_state=seed & 0xFFFFFFFF,
        ).fit(X, sample_weight=w)
        w = np.asarray(gm.weights_, dtype=np.float64)
        return _core.Model(t, w / w.sum(), gm.means_, _to_full(gm.covariances_, t, k, d))

    def _em(self, passes, model):
        """scikit-learn's loop (the core's ``drive``, as ``emviz._core.em_fit``), one distributed
        pass per iteration; the seconds of each iteration's pass(es) go into ``times``."""
        reg, tol, max_iter = self.getRegCovar(), self.getTol(), self.getMaxIter()
        times = []
        if max_iter == 0:
            return model, [], 0, False, times

        def one_pass(model, empty):
            # empty is None for a new pass, or the Stats of the rare second pass about the new
            # means (timed with its iteration's first).
            t0 = time.perf_counter()
            stats = passes.run(model, empty=empty)
            if empty is None:
                times.append(time.perf_counter() - t0)
            else:
                times[-1] += time.perf_counter() - t0
            return stats

        model, lower_bounds, n_iter, converged = _core.drive(model, reg, tol, max_iter, one_pass)
        return model, lower_bounds, n_iter, converged, times
