"""The fitted model, its summary, and ``transform`` (an Arrow UDF over the Rust kernel)."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
from pyspark.ml import Model as _SparkModel
from pyspark.ml.linalg import DenseMatrix, DenseVector
from pyspark.sql import functions as F
from pyspark.sql import types as T

from .. import _core
from ..mixture import _from_full, _precision_cholesky, _precisions, layout, model_kind
from ._convert import _core_model_from, _model_json
from ._features import (
    HANDLE_INVALID,
    WORKER_MARK,
    _feature_plan,
    _feature_rows,
    _invalid,
    _rows_problem,
    _worker_errors,
)
from ._params import _GaussianMixtureParams
from ._persist import _Persistence


class GaussianMixtureSummary:
    """The trace of a fit (as MLlib's ``GaussianMixtureSummary``, plus emviz's lower bounds).

    ``k``, ``numIter``, ``converged``, ``numRows``, ``weightSum`` (Σ w over the rows with a
    ``weightCol``, else numRows: the core's n of the log-likelihood and of BIC);
    ``logLikelihood``: Σ w ln p(x) over the rows under the parameters of the last E-step (as
    MLlib's); ``lowerBound`` / ``lowerBounds``: the (weighted) mean log-likelihood of each
    iteration's E-step (scikit-learn's ``lower_bound_`` / ``lower_bounds_``); ``iterationTimes``
    (seconds of each distributed pass), ``initTime``; ``iterationMode`` (how the iterations ran:
    ``"tasks"``, ``"jobs"`` or ``"connect"``: one query per iteration on a Spark Connect
    session), ``loopSetupTime``
    (seconds to start the task loop: the tasks loading their rows, the connections) and
    ``loopLoading`` (how its tasks got their rows: ``"cache files"`` or ``"shuffle"``);
    ``predictions`` (the training data transformed), ``clusterSizes`` (rows per prediction);
    ``numDroppedRows``: the invalid rows ``handleInvalid="skip"`` left out (0 otherwise; numRows
    counts the rows fitted).
    """

    def __init__(self, model, dataset, k, n_iter, converged, n_rows, lower_bounds, times, init_time,
                 weight_sum=None):
        self._model = model
        self._dataset = dataset
        self.k = k
        self.numIter = n_iter
        self.converged = converged
        self.numRows = n_rows
        self.weightSum = float(n_rows if weight_sum is None else weight_sum)
        self.lowerBounds = list(lower_bounds)
        self.lowerBound = self.lowerBounds[-1] if self.lowerBounds else float("nan")
        self.logLikelihood = self.lowerBound * self.weightSum
        self.iterationTimes = list(times)
        self.initTime = init_time
        self.numDroppedRows = 0
        self.iterationMode = "jobs"
        self.loopSetupTime = 0.0
        self.loopLoading = None
        self._predictions = None

    @property
    def featuresCol(self):
        return self._model.getFeaturesCol()

    @property
    def predictionCol(self):
        return self._model.getPredictionCol()

    @property
    def probabilityCol(self):
        return self._model.getProbabilityCol()

    @property
    def predictions(self):
        if self._predictions is None:
            self._predictions = self._model.transform(self._dataset)
        return self._predictions

    @property
    def cluster(self):
        return self.predictions.select(self.predictionCol)

    @property
    def probability(self):
        return self.predictions.select(self.probabilityCol)

    @property
    def clusterSizes(self):
        with _worker_errors():
            counts = dict(self.predictions.groupBy(self.predictionCol).count().collect())
        return [int(counts.get(j, 0)) for j in range(self.k)]

    def __repr__(self):
        return (
            f"GaussianMixtureSummary(k={self.k}, numIter={self.numIter}, "
            f"converged={self.converged}, lowerBound={self.lowerBound})"
        )


class GaussianMixtureModel(_SparkModel, _GaussianMixtureParams, _Persistence):
    """A Gaussian mixture fitted by ``emviz.spark.GaussianMixture`` (or read by ``load_mllib``).

    ``transform(df)`` adds ``predictionCol`` (int, the most probable component) and
    ``probabilityCol`` (a vector of the k responsibilities), as MLlib's model does, computed in
    Arrow batches by the Rust kernel. ``weights`` (k), ``means`` (k × d), ``covariances``
    (k × d × d, full matrices whatever the type), ``gaussians`` / ``gaussiansDF`` (as MLlib's),
    ``logLikelihood``, ``summary``; ``to_sklearn()`` and ``to_json()``.

    ``save(path)`` / ``write().overwrite().save(path)`` and ``GaussianMixtureModel.load(path)``
    follow pyspark.ml (on any file system Spark writes to): ``path/metadata/`` holds the class, uid
    and parameters as ``DefaultParamsWriter`` writes them, and ``path/data/model.json`` is this
    model's ``to_json()``: the file to open in the page (Export → Import model JSON) or give to the
    CLI. A loaded model has no ``summary`` (as MLlib's).
    """

    def __init__(self, model=None, *, feature_names=None, start=None, n_iter=0, converged=False,
                 lower_bounds=(), summary=None):
        super().__init__()
        self._model = model
        self._feature_names = list(feature_names) if feature_names is not None else None
        self._start = start
        self._n_iter = int(n_iter)
        self._converged = bool(converged)
        self._lower_bounds = list(lower_bounds)
        self._summary = summary
        if model is not None:
            self._set(k=model.k, covarianceType=model_kind(model))

    # -- parameters
    @property
    def weights(self):
        """Mixing weights (numpy, k)."""
        return self._model.arrays()[0]

    @property
    def means(self):
        """Means (numpy, k × d)."""
        return self._model.arrays()[1]

    @property
    def covariances(self):
        """Covariances as full matrices (numpy, k × d × d), whatever the covariance type."""
        return self._model.arrays()[2]

    @property
    def gaussians(self):
        """The components as ``pyspark.ml.stat.MultivariateGaussian`` (as MLlib's model)."""
        from pyspark.ml.stat import MultivariateGaussian

        _, means, covs = self._model.arrays()
        d = means.shape[1]
        return [
            MultivariateGaussian(DenseVector(m), DenseMatrix(d, d, c.ravel(order="F").tolist()))
            for m, c in zip(means, covs)
        ]

    @property
    def gaussiansDF(self):
        """The components as a DataFrame of ``mean`` (vector) and ``cov`` (matrix), as MLlib's."""
        from pyspark.sql import SparkSession

        spark = SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
        rows = [(g.mean, g.cov) for g in self.gaussians]
        return spark.createDataFrame(rows, ["mean", "cov"])

    @property
    def logLikelihood(self):
        """Σ ln p(x) over the training rows at the last E-step (NaN without a fit's summary)."""
        return self._summary.logLikelihood if self._summary is not None else float("nan")

    @property
    def lowerBound(self):
        return self._lower_bounds[-1] if self._lower_bounds else float("nan")

    @property
    def lowerBounds(self):
        return list(self._lower_bounds)

    @property
    def numIter(self):
        return self._n_iter

    @property
    def converged(self):
        return self._converged

    @property
    def hasSummary(self):
        return self._summary is not None

    @property
    def summary(self):
        if self._summary is None:
            raise RuntimeError("no training summary: this model was not fitted in this session")
        return self._summary

    @property
    def core_model(self):
        """The model as ``emviz._core.Model`` (picklable; ``score_samples``, ``predict_proba``)."""
        return self._model

    @property
    def feature_names(self):
        """The names of the columns it was fitted on (``None`` when unknown)."""
        return None if self._feature_names is None else list(self._feature_names)

    # -- using the model
    def _transform(self, dataset):
        """prediction and probability columns; each Arrow batch's rows go through the fit's check
        (``_feature_rows``) against the model's dimension: an invalid row fails the job with the
        check's message (``handleInvalid="error"``) or is dropped (``"skip"``)."""
        handle = self.getHandleInvalid()
        if handle not in HANDLE_INVALID:
            raise _invalid("handleInvalid", f'"{handle}" is not one of {", ".join(HANDLE_INVALID)}')
        d = self._model.d
        plan = _feature_plan(dataset, self.getFeaturesCol(), self._input_cols(), d=d)
        if plan.d != d:
            raise _invalid(
                "data", f"{plan.d} feature column(s) given for a model of {d} dimension(s)"
            )
        udf = _transform_udf(self._model, plan, handle == "skip")
        tmp = "__emviz_transform"
        out = dataset.withColumn(tmp, udf(*plan.exprs))
        if handle == "skip":
            out = out.where(F.col(tmp).isNotNull())
        from pyspark.ml.functions import array_to_vector

        return (
            out.withColumn(self.getPredictionCol(), F.col(f"{tmp}.prediction"))
            .withColumn(self.getProbabilityCol(), array_to_vector(F.col(f"{tmp}.probability")))
            .drop(tmp)
        )

    def predict(self, value):
        """The most probable component of one point (a vector or a sequence of numbers)."""
        return int(np.argmax(self.predictProbability(value)))

    def predictProbability(self, value):
        """The responsibilities of one point, as a ``DenseVector``."""
        x = np.asarray(value.toArray() if hasattr(value, "toArray") else value, dtype=np.float64)
        p = self._model.predict_proba(_core.Data(x.reshape(1, -1)))[0]
        return DenseVector(p)

    # -- export
    def to_sklearn(self, cls=None):
        """The model as a fitted ``emviz.GaussianMixture`` (or ``cls``, e.g. scikit-learn's own
        ``sklearn.mixture.GaussianMixture``), with this fit's start as its ``weights_init``,
        ``means_init`` and ``precisions_init``: ``.fit(X)`` on the same rows repeats this fit in
        memory, and ``emviz.show(model.to_sklearn(), X_sample)`` animates it from that start."""
        from ..mixture import GaussianMixture

        if cls is None:
            cls = GaussianMixture
        name = model_kind(self._model)
        if name != self._model.covariance_type and not issubclass(cls, GaussianMixture):
            raise ValueError(
                f"to_sklearn: {cls.__name__} has no covariance_type {name!r} (one of mclust's "
                "models): emviz.GaussianMixture has, to_sklearn() gives it"
            )
        t = layout(name)  # (k, d, d) for one of mclust's other models, as emviz.GaussianMixture's
        weights, means, full = self._model.arrays()
        k, d = means.shape
        kw = dict(
            n_components=k, covariance_type=name, tol=float(self.getTol()),
            reg_covar=float(self.getRegCovar()), max_iter=int(self.getMaxIter()),
        )
        if self._start is not None:
            w0, m0, c0 = self._start.arrays()
            cov0 = _from_full(c0, t)
            kw.update(
                weights_init=w0, means_init=m0,
                precisions_init=_precisions(_precision_cholesky(cov0, t), t),
            )
        gm = cls(**kw)
        gm.weights_ = weights
        gm.means_ = means
        gm.covariances_ = _from_full(full, t)
        gm.precisions_cholesky_ = _precision_cholesky(gm.covariances_, t)
        gm.precisions_ = _precisions(gm.precisions_cholesky_, t)
        gm.converged_ = self._converged
        gm.n_iter_ = self._n_iter
        gm.lower_bound_ = self.lowerBound if self._lower_bounds else -np.inf
        gm.lower_bounds_ = list(self._lower_bounds)
        gm.n_features_in_ = d
        return gm

    def to_dict(self):
        """The model JSON (see docs/EXPORT.md) as a dict."""
        return json.loads(self.to_json())

    def to_json(self, path=None, indent=None):
        """The model JSON the page (Export → Import model JSON) and the CLI read, written by the
        core; written to ``path`` when given. Every float is written with all its digits."""
        text = _model_json(
            self._model, self._feature_names, converged=self._converged, n_iter=self._n_iter,
            lower_bounds=self._lower_bounds, indent=indent,
        )
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return text

    # -- pyspark.ml persistence (``_persist``): what a saved model holds besides its parameters
    def _saved_start(self):
        """The start of this fit as its model JSON dict (``None`` without one)."""
        if self._start is None:
            return None
        return json.loads(_model_json(self._start, self._feature_names))

    @classmethod
    def _from_saved(cls, doc, start):
        """The model a saved model JSON ``doc`` (a dict) and its start (a dict or None) hold."""
        model, names = _core_model_from(doc)
        return cls(
            model, feature_names=names,
            start=None if start is None else _core_model_from(start)[0],
            n_iter=doc.get("n_iter") or 0, converged=bool(doc.get("converged")),
            lower_bounds=doc.get("trace") or (),
        )

    def __repr__(self):
        if self._model is None:
            return "GaussianMixtureModel()"
        return (
            f"GaussianMixtureModel(k={self._model.k}, d={self._model.d}, "
            f"covarianceType={model_kind(self._model)!r})"
        )


def _transform_udf(model, plan, skip):
    """An Arrow UDF over the feature columns (``plan.exprs``) giving struct<prediction int,
    probability array<double>> (all in the Rust kernel). Each batch goes through
    ``_feature_rows``: with ``skip`` an invalid row gives null (dropped by ``_transform``), else
    the batch fails with the check's message, naming the column and the model's dimension."""
    from pyspark.sql.functions import arrow_udf

    k, d = model.k, model.d
    vector = plan.column is not None
    names, column = plan.names, plan.column
    rtype = T.StructType(
        [
            T.StructField("prediction", T.IntegerType(), False),
            T.StructField("probability", T.ArrayType(T.DoubleType(), False), False),
        ]
    )

    def responsibilities(*cols: pa.Array) -> pa.Array:
        from pyspark import TaskContext

        from emviz import _core as core

        ctx = TaskContext.get()
        part = ctx.partitionId() if ctx is not None else 0
        n = len(cols[0])
        X, keep, counts, first = _feature_rows(list(cols), d, vector, lambda i: f"a row of partition {part}")
        if not skip:
            problem = _rows_problem(counts, first, names, column, d, "the model's dimension")
            if problem is not None:
                raise ValueError(f"{WORKER_MARK}invalid data: {problem}")
        prob = model.predict_proba(core.Data(X)) if X.shape[0] else np.empty((0, k))
        if X.shape[0] < n:  # (skip) the dropped rows: null, with placeholder values
            full = np.zeros((n, k))
            full[keep] = prob
            prob = full
        pred = prob.argmax(axis=1).astype(np.int32) if n else np.empty(0, np.int32)
        offsets = pa.array(np.arange(0, n * k + 1, k, dtype=np.int32))
        fields = _arrow_fields()
        probs = pa.ListArray.from_arrays(offsets, pa.array(prob.ravel()), type=fields[1].type)
        mask = None if keep.all() else pa.array(~keep)
        return pa.StructArray.from_arrays([pa.array(pred, pa.int32()), probs], fields=list(fields),
                                          mask=mask)

    return arrow_udf(responsibilities, rtype)


def _arrow_fields():
    return (
        pa.field("prediction", pa.int32(), nullable=False),
        pa.field("probability", pa.list_(pa.field("element", pa.float64(), nullable=False)),
                 nullable=False),
    )
