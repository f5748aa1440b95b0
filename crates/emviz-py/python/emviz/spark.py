"""``emviz.spark``: emviz's EM on Apache Spark, for data that outgrow one machine.

``emviz.spark.GaussianMixture`` is a ``pyspark.ml`` Estimator with the parameters of MLlib's
``GaussianMixture`` (``k``, ``featuresCol``, ``predictionCol``, ``probabilityCol``, ``maxIter``,
``tol``, ``seed``) plus ``inputCols`` (numeric columns instead of a vector column),
``covarianceType`` (``full``, ``diag``, ``spherical`` or ``tied``; MLlib has full only),
``regCovar``, ``initialModel`` and ``initSampleSize``::

    from emviz.spark import GaussianMixture
    model = GaussianMixture(k=5, inputCols=["x", "y"], covarianceType="full", seed=1).fit(df)
    model.weights, model.means, model.covariances, model.summary.lowerBounds
    model.transform(df)          # + prediction (int) and probability (vector) columns, as MLlib's
    open("model.json", "w").write(model.to_json())     # the page's / CLI's model JSON
    model.to_sklearn()           # a fitted emviz.GaussianMixture (scikit-learn compatible)

How a fit runs. One pass over the input (``mapInArrow``) checks the feature columns (numbers, no
null, NaN or infinity; an error names the column), casts them to float64 and packs each
partition's rows into blocks of row-major float64 (about 1 MB each, one binary value per block),
which are cached once; the same pass draws the start's sample and (``executorCache``, the default)
also writes each partition's blocks to an Arrow IPC file on its executor's host. Each EM
iteration is then one Spark job (``mapInArrow``): every partition's blocks go as Arrow buffers
straight into the Rust kernel (``emviz._core.Stats.accumulate`` reads them in place: no per-row
Python, no per-row JVM work) — memory-mapped from that file, or, without it, streamed from Spark's
cache as Arrow record batches — and the task returns one small byte string; the driver merges
those in partition order and makes the M-step. Only the statistics and the sample ever reach the
driver. Either way the blocks and their order are the same, so the results are the same bits.
The pass query is planned once per fit and run once per iteration: the iteration's model reaches
the tasks as a local property of the job (a model over 64 kB goes in the pass function instead,
in a query planned per pass). Each Python worker also freezes its garbage collector's heap once
(``gc.freeze``), because a reused PySpark worker collects it in full after every task.

The start is ``initialModel`` when given, else emviz's k-means (k-means++ seeding, then Lloyd,
seeded by ``seed``) on a sample of ``initSampleSize`` rows: the rows of smallest seeded hash of
their values, so the sample — and the whole fit — does not depend on the partitioning.

The loop is scikit-learn's, as in ``emviz.GaussianMixture``: the lower bound of iteration i is the
mean log-likelihood of θᵢ₋₁, the fit stops when it moves by less than ``tol`` (per point; MLlib's
``tol`` is on its log-likelihood instead) and returns θᵢ. So from the same start the Spark fit is
``emviz.GaussianMixture``'s fit on the same rows — to rounding, whatever the number of partitions.

``model.save(path)`` (or ``model.write().overwrite().save(path)``) and
``GaussianMixtureModel.load(path)`` persist a model as pyspark.ml does (``path/metadata``), with
the page's and CLI's model JSON as its data (``path/data/model.json``); the estimator saves and
loads its parameters the same way. ``load_mllib(path)`` reads a model saved by MLlib's
``GaussianMixtureModel.save``.
"""

from __future__ import annotations

import json
import math
import os
import time
import uuid

import numpy as np

try:
    import pyarrow as pa
    from pyspark import keyword_only
    from pyspark.ml import Estimator
    from pyspark.ml import Model as _SparkModel
    from pyspark.ml.util import (
        DefaultParamsReader,
        DefaultParamsWriter,
        MLReadable,
        MLReader,
        MLWritable,
        MLWriter,
    )
    from pyspark.ml.linalg import DenseMatrix, DenseVector, VectorUDT
    from pyspark.ml.param import Param, Params, TypeConverters
    from pyspark.ml.param.shared import (
        HasFeaturesCol,
        HasInputCols,
        HasMaxIter,
        HasPredictionCol,
        HasProbabilityCol,
        HasSeed,
        HasTol,
    )
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as e:  # pragma: no cover
    raise ImportError(
        "emviz.spark needs pyspark (4.1 or later) and pyarrow: pip install 'emviz[spark]'"
    ) from e

from . import _core
from .mixture import _from_full, _precision_cholesky, _precisions, _to_full

__all__ = ["GaussianMixture", "GaussianMixtureModel", "GaussianMixtureSummary", "load_mllib"]

_COV_TYPES = ("full", "tied", "diag", "spherical")


def _invalid(name, message):
    return ValueError(f"invalid {name}: {message}")


# ------------------------------------------------------------------------------------- features


def _feature_plan(df, features_col, input_cols, *, need_dim=True):
    """The feature columns of ``df`` as float64 expressions, their names, and the dimension.

    ``input_cols`` (numeric columns) wins over ``features_col`` (a vector or numeric-array column).
    Raises a ValueError naming the column when it is missing or not numbers.
    """
    fields = {f.name: f for f in df.schema.fields}

    def field(name):
        if name not in fields:
            raise _invalid(
                "data", f"the DataFrame has no column {name!r} (its columns: {', '.join(fields)})"
            )
        return fields[name]

    if input_cols:
        exprs, names = [], []
        for name in input_cols:
            t = field(name).dataType
            if not isinstance(t, T.NumericType):
                raise _invalid(
                    "data",
                    f"column {name!r} is of type {t.simpleString()}, not a number: "
                    "emviz.spark.GaussianMixture fits numeric columns (inputCols) or one vector "
                    "column (featuresCol)",
                )
            exprs.append(F.col(f"`{name}`").cast("double"))
            names.append(name)
        return exprs, names, len(names), None
    name = features_col
    t = field(name).dataType
    if isinstance(t, VectorUDT):
        from pyspark.ml.functions import vector_to_array

        arr = vector_to_array(F.col(f"`{name}`"))
    elif isinstance(t, T.ArrayType) and isinstance(t.elementType, T.NumericType):
        arr = F.col(f"`{name}`").cast("array<double>")
    elif isinstance(t, T.NumericType):
        return [F.col(f"`{name}`").cast("double")], [name], 1, None
    else:
        raise _invalid(
            "data",
            f"column {name!r} (featuresCol) is of type {t.simpleString()}, not a vector of "
            "numbers: give a vector column (e.g. from VectorAssembler) or numeric inputCols",
        )
    d = None
    meta = field(name).metadata.get("ml_attr", {}) if field(name).metadata else {}
    if isinstance(meta.get("num_attrs"), int) and meta["num_attrs"] > 0:
        d = meta["num_attrs"]
    elif need_dim:
        row = df.select(F.size(arr).alias("n")).where(F.col("n") > 0).first()
        if row is None:
            raise _invalid("data", f"column {name!r} holds no non-empty vector")
        d = int(row["n"])
    if d is None:
        return None, None, None, arr
    exprs = [F.try_element_at(arr, F.lit(i + 1)) for i in range(d)]
    names = [f"{name}[{i}]" for i in range(d)]
    return exprs, names, d, arr


# Rows are cached as blocks of about this many bytes of row-major float64 (one binary value per
# block), so that each EM pass moves a few large buffers from the JVM to Python, not rows.
_BLOCK_BYTES = 1 << 20
_PACKED_SCHEMA = "kind int, part int, n long, bad array<long>, x binary, h binary"
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(z):
    """splitmix64's finaliser, elementwise on uint64 (wrapping)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def _row_hash(X, seed):
    """A seeded 64-bit hash of each row's float64 bits: the sample for the start is the rows of
    smallest hash, whatever the partitioning."""
    bits = np.ascontiguousarray(X).view(np.uint64)
    h = np.full(X.shape[0], _mix(np.array([seed & 0xFFFFFFFFFFFFFFFF], dtype=np.uint64))[0])
    for i in range(X.shape[1]):
        h = _mix(h ^ bits[:, i])
    return h


def _batch_matrix(batch, d):
    """An Arrow batch of d float64 columns as an (n, d) float64 array (nulls become NaN) and the
    counts of null, NaN and infinite values per column (3 d)."""
    X = np.empty((batch.num_rows, d))
    bad = np.zeros(3 * d, dtype=np.int64)
    for i, c in enumerate(batch.columns):
        X[:, i] = c.to_numpy(zero_copy_only=False)
        col = X[:, i]
        nulls = c.null_count
        bad[3 * i] = nulls
        bad[3 * i + 1] = int(np.isnan(col).sum()) - nulls
        bad[3 * i + 2] = int(np.isinf(col).sum())
    return X, bad


def _cache_dir(fit_id):
    """Where this host keeps a fit's executor cache: $EMVIZ_SPARK_CACHE_DIR, else /dev/shm (memory)
    when writable, else the temporary folder."""
    import tempfile

    base = os.environ.get("EMVIZ_SPARK_CACHE_DIR")
    if not base:
        base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else (
            tempfile.gettempdir())
    return os.path.join(base, f"emviz-spark-{fit_id}")


def _x_schema():
    return pa.schema([pa.field("x", pa.binary())])


def _pack_function(d, seed, sample_size, fit_id=None):
    """The function of the one pass over the input (``mapInArrow``): each partition's rows as
    blocks of row-major float64 (kind 0), then one report (kind 1): its row count, the null/NaN/
    infinity counts per column, and its ``sample_size`` rows of smallest seeded hash."""
    block_rows = max(256, _BLOCK_BYTES // (8 * d))

    def pack(batches):
        from pyspark import TaskContext

        _freeze_worker_heap()
        ctx = TaskContext.get()
        part = ctx.partitionId() if ctx is not None else 0
        # The executor cache: this partition's blocks also in an Arrow IPC file on this host,
        # memory-mapped by later passes (written under a temporary name, renamed when complete).
        writer = path = tmp = None
        if fit_id is not None:
            try:
                folder = _cache_dir(fit_id)
                os.makedirs(folder, exist_ok=True)
                path = os.path.join(folder, f"part-{part}.arrow")
                tmp = f"{path}.{os.getpid()}.tmp"
                writer = pa.ipc.new_file(tmp, _x_schema())
            except OSError:
                writer = None

        def spill(X):
            nonlocal writer
            if writer is not None:
                try:
                    writer.write_batch(pa.RecordBatch.from_arrays([pa.array([X.tobytes()], pa.binary())],
                                                                  schema=_x_schema()))
                except OSError:
                    writer = None
        n = 0
        bad = np.zeros(3 * d, dtype=np.int64)
        pending, pending_rows = [], 0
        cand_x, cand_h = np.empty((0, d)), np.empty(0, dtype=np.uint64)

        def block(X):
            return pa.RecordBatch.from_arrays(
                [pa.array([0], pa.int32()), pa.array([part], pa.int32()),
                 pa.array([X.shape[0]], pa.int64()), pa.array([None], pa.list_(pa.int64())),
                 pa.array([X.tobytes()], pa.binary()), pa.array([None], pa.binary())],
                names=["kind", "part", "n", "bad", "x", "h"],
            )

        for b in batches:
            if not b.num_rows:
                continue
            X, counts = _batch_matrix(b, d)
            n += X.shape[0]
            bad += counts
            h = _row_hash(X, seed)
            cand_x = np.concatenate([cand_x, X])
            cand_h = np.concatenate([cand_h, h])
            if len(cand_h) > sample_size:
                keep = np.argpartition(cand_h, sample_size - 1)[:sample_size]
                cand_x, cand_h = cand_x[keep], cand_h[keep]
            pending.append(X)
            pending_rows += X.shape[0]
            if pending_rows >= block_rows:
                rows = np.concatenate(pending)
                full = (len(rows) // block_rows) * block_rows
                for s in range(0, full, block_rows):
                    spill(rows[s:s + block_rows])
                    yield block(rows[s:s + block_rows])
                pending, pending_rows = [rows[full:]], len(rows) - full
        if pending_rows:
            spill(np.concatenate(pending))
            yield block(np.concatenate(pending))
        if writer is not None:
            try:
                writer.close()
                os.replace(tmp, path)
            except OSError:
                pass
        yield pa.RecordBatch.from_arrays(
            [pa.array([1], pa.int32()), pa.array([part], pa.int32()), pa.array([n], pa.int64()),
             pa.array([bad.tolist()], pa.list_(pa.int64())),
             pa.array([np.ascontiguousarray(cand_x).tobytes()], pa.binary()),
             pa.array([cand_h.tobytes()], pa.binary())],
            names=["kind", "part", "n", "bad", "x", "h"],
        )

    return pack


def _block_rows(column, d):
    """A binary Arrow column of row-major float64 blocks as one (n, d) array, without a copy
    (the blocks lie end to end in the column's data buffer)."""
    if len(column) == 0:
        return np.empty((0, d))
    _, offsets, data = column.buffers()[:3]
    width = np.int64 if pa.types.is_large_binary(column.type) else np.int32
    off = np.frombuffer(offsets, dtype=width)[column.offset:column.offset + len(column) + 1]
    raw = np.frombuffer(data, dtype=np.uint8)[off[0]:off[-1]]
    if raw.ctypes.data % 8:  # never seen (Arrow aligns buffers); then one copy
        raw = raw.copy()
    return raw.view(np.float64).reshape(-1, d)


# The model (and, rarely, the stats to add to) of an EM pass reach the tasks as a local property of
# the job, so that a fit plans its pass query once and runs it once per iteration. Models larger
# than this go in the pass function's closure instead (a query planned per pass).
_PASS_PROPERTY = "emviz.spark.pass"
_PROPERTY_MAX_BYTES = 1 << 16
_heap_frozen = False


def _freeze_worker_heap():
    """Once per Python worker process: moves the objects alive now (the imported modules: pyspark,
    pyarrow, numpy, emviz, ...; ~10^5 objects) into the garbage collector's permanent generation.
    A reused PySpark worker runs a full ``gc.collect()`` after every task, which otherwise scans
    them all each time (tens of ms per task, the largest part of a pass's fixed cost at 10^6 rows).
    Objects are still freed by reference counting; only cycles among the frozen ones are kept."""
    global _heap_frozen
    if not _heap_frozen:
        import gc

        _heap_frozen = True
        gc.collect()
        gc.freeze()


def _pass_payload(model, empty_bytes):
    """The model and the stats to start from (or None) as the text of a job's local property."""
    import base64
    import pickle

    return base64.b64encode(pickle.dumps((model, empty_bytes), protocol=4)).decode("ascii")


def _pass_function(d, fit_id=None, payload=None):
    """The function each partition runs in ``mapInArrow`` for one EM pass: the E-step statistics
    of its blocks, computed by the Rust kernel on the Arrow buffers in place — the blocks streamed
    from Spark's cache, or (``fit_id``: the partition's report row comes in instead) the
    memory-mapped Arrow file of the executor cache; without that file the stats are null (the
    driver then streams that partition). The model comes in ``payload`` (``_pass_payload``) or,
    when that is None, in the job's local property ``_PASS_PROPERTY``."""

    def partition_stats(batches):
        import base64
        import pickle

        from pyspark import TaskContext

        from emviz import _core as core

        _freeze_worker_heap()
        ctx = TaskContext.get()
        part = ctx.partitionId() if ctx is not None else 0
        text = payload if payload is not None else ctx.getLocalProperty(_PASS_PROPERTY)
        model, empty_bytes = pickle.loads(base64.b64decode(text))
        s = core.Stats.from_bytes(empty_bytes) if empty_bytes is not None else core.Stats(model)
        if fit_id is None:
            for b in batches:
                if b.num_rows:
                    s.accumulate(model, _block_rows(b.column(0), d))
        else:
            # The input (the partition's report row) is read after the kernel's work, which so
            # overlaps with the JVM preparing it (~20 ms less per pass).
            path = os.path.join(_cache_dir(fit_id), f"part-{part}.arrow")
            try:
                reader = pa.ipc.open_file(pa.memory_map(path))
            except (OSError, pa.ArrowInvalid):
                reader = None
            if reader is not None:
                for i in range(reader.num_record_batches):
                    b = reader.get_batch(i)
                    if b.num_rows:
                        s.accumulate(model, _block_rows(b.column(0), d))
            for _ in batches:
                pass
            if reader is None:
                yield pa.RecordBatch.from_arrays(
                    [pa.array([part], pa.int32()), pa.array([None], pa.binary())],
                    names=["part", "stats"],
                )
                return
        yield pa.RecordBatch.from_arrays(
            [pa.array([part], pa.int32()), pa.array([s.to_bytes()], pa.binary())],
            names=["part", "stats"],
        )

    return partition_stats


# ---------------------------------------------------------------------------------- the params


class _GaussianMixtureParams(
    HasFeaturesCol, HasInputCols, HasPredictionCol, HasProbabilityCol, HasMaxIter, HasTol, HasSeed
):
    k = Param(
        Params._dummy(), "k", "number of components of the mixture (≥ 1)",
        typeConverter=TypeConverters.toInt,
    )
    covarianceType = Param(
        Params._dummy(), "covarianceType", "full, diag, spherical or tied",
        typeConverter=TypeConverters.toString,
    )
    regCovar = Param(
        Params._dummy(), "regCovar", "added to the variances at each M-step (≥ 0)",
        typeConverter=TypeConverters.toFloat,
    )
    initSampleSize = Param(
        Params._dummy(), "initSampleSize",
        "rows (about) sampled, by a seeded hash of their values, for the k-means start",
        typeConverter=TypeConverters.toInt,
    )
    executorCache = Param(
        Params._dummy(), "executorCache",
        "keep each partition's float64 blocks also in a memory-mapped Arrow file on its executor's "
        "host ($EMVIZ_SPARK_CACHE_DIR, else /dev/shm, else the temporary folder) so that EM passes "
        "read them in place instead of streaming them from the JVM; a partition whose file is not "
        "on the host its task runs on is streamed as without it. Deleted after the fit.",
        typeConverter=TypeConverters.toBoolean,
    )
    initialModel = Param(
        Params._dummy(), "initialModel",
        "the start instead of k-means on a sample: an emviz.spark model, a fitted emviz or "
        "scikit-learn GaussianMixture, an emviz._core.Model, or a model JSON (dict or text)",
    )

    def __init__(self, *args):
        super().__init__(*args)
        self._setDefault(
            k=2, covarianceType="full", tol=1e-3, maxIter=100, regCovar=1e-6,
            initSampleSize=10000, seed=0, executorCache=True, featuresCol="features", predictionCol="prediction",
            probabilityCol="probability",
        )

    def getK(self):
        return self.getOrDefault(self.k)

    def getCovarianceType(self):
        return self.getOrDefault(self.covarianceType)

    def getRegCovar(self):
        return self.getOrDefault(self.regCovar)

    def getInitSampleSize(self):
        return self.getOrDefault(self.initSampleSize)

    def getExecutorCache(self):
        return self.getOrDefault(self.executorCache)

    def getInitialModel(self):
        return self.getOrDefault(self.initialModel) if self.isDefined(self.initialModel) else None

    def _input_cols(self):
        return self.getInputCols() if self.isSet(self.inputCols) else None


# ------------------------------------------------------------------------------- persistence

_MODEL_FILE = "data/model.json"


def _hadoop_path(spark, path):
    """(Hadoop FileSystem, Path) of ``path`` through the session's JVM: any file system Spark
    writes to (local, HDFS, S3, ...)."""
    sc = spark.sparkContext
    jpath = sc._jvm.org.apache.hadoop.fs.Path(str(path))
    return jpath.getFileSystem(sc._jsc.hadoopConfiguration()), jpath


def _json_params(instance):
    """The instance's set parameters as JSON values (``initialModel`` as its model JSON)."""
    out = {}
    for param, value in instance._paramMap.items():
        if param.name == "initialModel":
            model, names = _core_model_from(value, instance.getCovarianceType())
            value = GaussianMixtureModel(model, feature_names=names).to_dict()
        out[param.name] = value
    return out


class _Writer(MLWriter):
    """pyspark.ml's writer convention: ``path/metadata`` (one line of JSON: class, uid, Spark
    version, paramMap, defaultParamMap — as ``DefaultParamsWriter``), and for a model the emviz
    model JSON at ``path/data/model.json``."""

    def __init__(self, instance):
        super().__init__()
        self.instance = instance

    def saveImpl(self, path):
        spark = self.sparkSession
        fs, jpath = _hadoop_path(spark, path)
        if not self.shouldOverwrite and fs.exists(jpath):
            raise FileExistsError(
                f"{path!r} already exists: to replace it, use .write().overwrite().save(path)"
            )
        inst = self.instance
        extra = None
        if isinstance(inst, GaussianMixtureModel):
            start = inst._start
            extra = {
                "emviz": {
                    "data": _MODEL_FILE,
                    "start": None if start is None else GaussianMixtureModel(
                        start, feature_names=inst._feature_names).to_dict(),
                }
            }
        DefaultParamsWriter.saveMetadata(inst, str(path), spark, extraMetadata=extra,
                                         paramMap=_json_params(inst))
        if isinstance(inst, GaussianMixtureModel):
            out = fs.create(spark.sparkContext._jvm.org.apache.hadoop.fs.Path(
                f"{str(path).rstrip('/')}/{_MODEL_FILE}"), False)
            try:
                out.write(bytearray(inst.to_json(indent=1).encode("utf-8")))
            finally:
                out.close()


class _Reader(MLReader):
    """Reads what ``_Writer`` saved, checking that it is an instance of ``cls``."""

    def __init__(self, cls):
        super().__init__()
        self.cls = cls

    def load(self, path):
        spark = self.sparkSession
        want = f"{self.cls.__module__}.{self.cls.__name__}"
        fs, jpath = _hadoop_path(spark, path)
        if not fs.exists(jpath):
            raise _invalid("path", f"{path!r} does not exist")
        base = str(path).rstrip("/")
        meta_path = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(f"{base}/metadata")
        if not fs.exists(meta_path):
            raise _invalid("path", f"{path!r} holds no saved model (no metadata folder): save one "
                                   "with model.save(path)")
        meta = DefaultParamsReader.loadMetadata(base, spark)
        cls = meta.get("class", "")
        if cls != want:
            hint = (" (an MLlib model: read it with emviz.spark.load_mllib(path))"
                    if cls.startswith("org.apache.spark.ml.clustering.GaussianMixture") else "")
            raise _invalid("path", f"{path!r} holds a {cls or 'model of unknown class'}, not an "
                                   f"{want}{hint}")
        if self.cls is GaussianMixtureModel:
            data = meta.get("emviz", {}).get("data", _MODEL_FILE)
            try:
                text = spark.read.text(f"{base}/{data}", wholetext=True).first()[0]
            except Exception as e:
                raise _invalid("path", f"{path!r} has no model data ({data})") from e
            doc = json.loads(text)
            model, names = _core_model_from(doc)
            start = meta.get("emviz", {}).get("start")
            instance = GaussianMixtureModel(
                model, feature_names=names,
                start=None if start is None else _core_model_from(start)[0],
                n_iter=doc.get("n_iter") or 0, converged=bool(doc.get("converged")),
                lower_bounds=doc.get("trace") or (),
            )
        else:
            instance = self.cls()
        instance._resetUid(meta["uid"])
        DefaultParamsReader.getAndSetParams(instance, meta)
        return instance


class _Persistence(MLWritable, MLReadable):
    """MLlib's ``save(path)`` / ``write()`` and ``load(path)`` / ``read()``."""

    def write(self):
        """A writer: ``.save(path)``, ``.overwrite().save(path)``."""
        return _Writer(self)

    def save(self, path):
        """Saves to ``path`` (an error if it exists: use ``write().overwrite().save(path)``)."""
        self.write().save(path)

    @classmethod
    def read(cls):
        return _Reader(cls)

    @classmethod
    def load(cls, path):
        """Reads what ``save(path)`` wrote."""
        return cls.read().load(path)


# ---------------------------------------------------------------------------------- the model


def _core_model_from(obj, covariance_type=None):
    """An ``emviz._core.Model`` (and its feature names, if known) from any form of a model."""
    if isinstance(obj, _core.Model):
        return obj, None
    if isinstance(obj, GaussianMixtureModel):
        return obj._model, obj._feature_names
    if isinstance(obj, (str, bytes)):
        obj = json.loads(obj)
    if isinstance(obj, dict):
        t = obj.get("covariance_type", covariance_type or "full")
        w = np.asarray(obj["weights"], dtype=np.float64)
        m = np.atleast_2d(np.asarray(obj["means"], dtype=np.float64))
        k, d = m.shape
        c = np.asarray(obj["covariances"], dtype=np.float64)
        full = c if c.shape == (k, d, d) else _to_full(c, t, k, d)
        return _core.Model(t, w, np.ascontiguousarray(m), np.ascontiguousarray(full)), obj.get(
            "feature_names"
        )
    if hasattr(obj, "weights_") and hasattr(obj, "means_") and hasattr(obj, "covariances_"):
        t = getattr(obj, "covariance_type", "full")
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


class GaussianMixtureSummary:
    """The trace of a fit (as MLlib's ``GaussianMixtureSummary``, plus emviz's lower bounds).

    ``k``, ``numIter``, ``converged``, ``numRows``; ``logLikelihood``: Σ ln p(x) over the rows
    under the parameters of the last E-step (as MLlib's); ``lowerBound`` / ``lowerBounds``: the
    mean log-likelihood of each iteration's E-step (scikit-learn's ``lower_bound_`` /
    ``lower_bounds_``); ``iterationTimes`` (seconds of each distributed pass), ``initTime``;
    ``predictions`` (the training data transformed), ``clusterSizes`` (rows per prediction).
    """

    def __init__(self, model, dataset, k, n_iter, converged, n_rows, lower_bounds, times, init_time):
        self._model = model
        self._dataset = dataset
        self.k = k
        self.numIter = n_iter
        self.converged = converged
        self.numRows = n_rows
        self.lowerBounds = list(lower_bounds)
        self.lowerBound = self.lowerBounds[-1] if self.lowerBounds else float("nan")
        self.logLikelihood = self.lowerBound * n_rows
        self.iterationTimes = list(times)
        self.initTime = init_time
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
            self._set(k=model.k, covarianceType=model.covariance_type)

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

    # -- using the model
    def _transform(self, dataset):
        exprs, names, d, _ = _feature_plan(dataset, self.getFeaturesCol(), self._input_cols())
        if d != self._model.d:
            raise _invalid(
                "data", f"{d} feature column(s) given for a model of {self._model.d} dimension(s)"
            )
        udf = _transform_udf(self._model, names)
        tmp = "__emviz_transform"
        out = dataset.withColumn(tmp, udf(*exprs))
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
        if cls is None:
            from .mixture import GaussianMixture as cls
        t = self._model.covariance_type
        weights, means, full = self._model.arrays()
        k, d = means.shape
        kw = dict(
            n_components=k, covariance_type=t, tol=float(self.getTol()),
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
        weights, means, full = self._model.arrays()
        d = means.shape[1]
        lb = self.lowerBound
        out = {
            "covariance_type": self._model.covariance_type,
            "n_components": int(self._model.k),
            "weights": weights.tolist(),
            "means": means.tolist(),
            "covariances": full.tolist(),
            "feature_names": self._feature_names or [f"x{i + 1}" for i in range(d)],
            "converged": self._converged,
            "n_iter": self._n_iter,
            "lower_bound": None if math.isnan(lb) else lb,
            "log_likelihood": None if math.isnan(lb) else lb,
            "trace": list(self._lower_bounds),
        }
        return out

    def to_json(self, path=None, indent=None):
        """The model JSON the page (Export → Import model JSON) and the CLI read; written to
        ``path`` when given. Every float is written with all its digits."""
        text = json.dumps(self.to_dict(), indent=indent)
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return text

    def __repr__(self):
        if self._model is None:
            return "GaussianMixtureModel()"
        return (
            f"GaussianMixtureModel(k={self._model.k}, d={self._model.d}, "
            f"covarianceType={self._model.covariance_type!r})"
        )


def _transform_udf(model, names):
    """An Arrow UDF over the feature columns giving struct<prediction int, probability
    array<double>> (all in the Rust kernel; nulls, NaN and infinities name their column)."""
    from pyspark.sql.functions import arrow_udf

    k = model.k
    rtype = T.StructType(
        [
            T.StructField("prediction", T.IntegerType(), False),
            T.StructField("probability", T.ArrayType(T.DoubleType(), False), False),
        ]
    )

    def responsibilities(*cols: pa.Array) -> pa.Array:
        from emviz import _core as core

        n = len(cols[0])
        X = np.empty((n, len(cols)))
        for i, c in enumerate(cols):
            if c.null_count:
                raise ValueError(
                    f"invalid data: column {names[i]!r} holds {c.null_count} null value(s); "
                    "emviz needs a number in every row"
                )
            X[:, i] = c.to_numpy(zero_copy_only=False)
            bad = ~np.isfinite(X[:, i])
            if bad.any():
                raise ValueError(
                    f"invalid data: column {names[i]!r} holds {X[bad, i][0]} "
                    f"({int(bad.sum())} value(s) not finite numbers)"
                )
        if n == 0:
            prob = np.empty((0, k))
        else:
            prob = model.predict_proba(core.Data(X))
        pred = prob.argmax(axis=1).astype(np.int32) if n else np.empty(0, np.int32)
        offsets = pa.array(np.arange(0, n * k + 1, k, dtype=np.int32))
        fields = _arrow_fields()
        probs = pa.ListArray.from_arrays(offsets, pa.array(prob.ravel()), type=fields[1].type)
        return pa.StructArray.from_arrays([pa.array(pred, pa.int32()), probs], fields=list(fields))

    return arrow_udf(responsibilities, rtype)


def _arrow_fields():
    return (
        pa.field("prediction", pa.int32(), nullable=False),
        pa.field("probability", pa.list_(pa.field("element", pa.float64(), nullable=False)),
                 nullable=False),
    )


# ------------------------------------------------------------------------------ the estimator


class GaussianMixture(Estimator, _GaussianMixtureParams, _Persistence):
    """Gaussian mixtures fitted by emviz's EM on Spark (MLlib's estimator interface).

    ``GaussianMixture(k=2, featuresCol="features", inputCols=None, covarianceType="full",
    tol=1e-3, maxIter=100, seed=None, regCovar=1e-6, initialModel=None, initSampleSize=10000,
    predictionCol="prediction", probabilityCol="probability")``. ``fit(df)`` gives a
    ``GaussianMixtureModel``. See the module documentation for how it runs. ``save(path)`` and
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
        covarianceType="full",
        tol=1e-3,
        maxIter=100,
        seed=None,
        regCovar=1e-6,
        initialModel=None,
        initSampleSize=10000,
        executorCache=True,
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

    # -- checks
    def _check_params(self):
        k, t = self.getK(), self.getCovarianceType()
        if k < 1:
            raise _invalid("k", f"{k} must be an integer ≥ 1 (the number of components)")
        if t not in _COV_TYPES:
            raise _invalid("covarianceType", f'"{t}" is not one of full, diag, spherical, tied')
        tol, reg = self.getTol(), self.getRegCovar()
        if not math.isfinite(tol) or tol < 0:
            raise _invalid("tol", f"{tol} must be a finite number ≥ 0")
        if not math.isfinite(reg) or reg < 0:
            raise _invalid("regCovar", f"{reg} must be a finite number ≥ 0")
        if self.getMaxIter() < 0:
            raise _invalid("maxIter", f"{self.getMaxIter()} must be an integer ≥ 0")
        if self.getInitSampleSize() < 1:
            raise _invalid("initSampleSize", f"{self.getInitSampleSize()} must be ≥ 1")

    # -- fitting
    def _fit(self, dataset):
        self._check_params()
        k, t = self.getK(), self.getCovarianceType()
        t0 = time.perf_counter()
        exprs, names, d, _ = _feature_plan(dataset, self.getFeaturesCol(), self._input_cols())
        cols = [f"x{i}" for i in range(d)]
        seed = int(self.getSeed())
        init = self.getInitialModel()
        sample_size = 0 if init is not None else self.getInitSampleSize()
        # The one pass over the input: checked, cast to float64, packed into blocks and cached;
        # per partition a report (rows, bad values, the start's sample).
        fit_id = uuid.uuid4().hex if self.getExecutorCache() else None
        packed = (
            dataset.select([e.alias(c) for e, c in zip(exprs, cols)])
            .mapInArrow(_pack_function(d, seed, sample_size, fit_id), _PACKED_SCHEMA)
            .cache()
        )
        try:
            reports = packed.where(F.col("kind") == 1).select("n", "bad", "x", "h").toArrow()
            n = _check_reports(reports, names)
            if n < k:
                raise _invalid("data", f"{n} rows cannot be fitted by k = {k} components")
            start = self._start(reports, k, t, d, seed)
            init_time = time.perf_counter() - t0
            model, lower_bounds, n_iter, converged, times = self._em(_Passes(packed, d, fit_id), start)
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
            fitted, dataset, k, n_iter, converged, n, lower_bounds, times, init_time
        )
        return fitted

    def _start(self, reports, k, t, d, seed):
        init = self.getInitialModel()
        if init is not None:
            model, _ = _core_model_from(init, t)
            if (model.k, model.d) != (k, d) or model.covariance_type != t:
                raise _invalid(
                    "initialModel",
                    f"it has k = {model.k}, {model.d} dimension(s) and {model.covariance_type} "
                    f"covariances, but this fit has k = {k}, {d} feature column(s) and "
                    f"covarianceType {t}",
                )
            return model
        # The sample: the initSampleSize rows of smallest seeded hash over all partitions (so it
        # does not depend on the partitioning), in the order of their hashes.
        xs = [np.frombuffer(b, dtype=np.float64).reshape(-1, d) for b in reports.column("x").to_pylist()]
        hs = [np.frombuffer(b, dtype=np.uint64) for b in reports.column("h").to_pylist()]
        X, h = np.concatenate(xs), np.concatenate(hs)
        order = np.lexsort(tuple(X.T[::-1]) + (h,))[: self.getInitSampleSize()]
        X = np.ascontiguousarray(X[order])
        from .mixture import GaussianMixture as LocalGM

        gm = LocalGM(
            n_components=k, covariance_type=t, reg_covar=self.getRegCovar(),
            init_params="kmeans", max_iter=0, random_state=seed & 0xFFFFFFFF,
        ).fit(X)
        w = np.asarray(gm.weights_, dtype=np.float64)
        return _core.Model(t, w / w.sum(), gm.means_, _to_full(gm.covariances_, t, k, d))

    def _em(self, passes, model):
        """scikit-learn's loop (as ``emviz._core.em_fit``), one distributed pass per iteration."""
        reg, tol, max_iter = self.getRegCovar(), self.getTol(), self.getMaxIter()
        bound = -np.inf
        lower_bounds, times = [], []
        converged, n_iter = False, 0
        if max_iter == 0:
            return model, lower_bounds, 0, False, times
        t0 = time.perf_counter()
        stats = passes.run(model)
        times.append(time.perf_counter() - t0)
        for i in range(1, max_iter + 1):
            prev = bound
            bound = stats.mean_log_likelihood
            nxt = stats.m_step(reg)
            if isinstance(nxt, _core.Stats):  # the sums lost digits: the pass again, about θ'
                t0 = time.perf_counter()
                nxt = passes.run(model, empty=nxt).m_step(reg)
                times[-1] += time.perf_counter() - t0
            model = nxt
            lower_bounds.append(bound)
            n_iter = i
            if abs(bound - prev) < tol:
                converged = True
                break
            if i < max_iter:
                t0 = time.perf_counter()
                stats = passes.run(model)
                times.append(time.perf_counter() - t0)
        return model, lower_bounds, n_iter, converged, times


_STATS_SCHEMA = "part int, stats binary"


class _Passes:
    """A fit's EM passes over the cached rows. The pass queries are planned once (their function
    reads the model from the job's local property ``_PASS_PROPERTY``), so that an iteration is one
    Spark job and no query analysis or planning through Py4J; only a model too large for a
    property (over ``_PROPERTY_MAX_BYTES``), or any model without pinned threads, is captured in
    a query planned for its pass."""

    def __init__(self, packed, d, fit_id=None):
        self._packed, self._d, self._fit_id = packed, d, fit_id
        self._sc = packed.sparkSession.sparkContext
        self._queries = {}
        # A local property set from Python reaches the job only when Python threads are pinned
        # to JVM threads (PYSPARK_PIN_THREAD, the default); otherwise the model goes inline.
        from py4j.clientserver import ClientServer

        self._pinned = isinstance(self._sc._gateway, ClientServer)

    def _query(self, key, payload=None):
        """The pass query: over the reports (``cached``: the executor cache) or the blocks."""
        if payload is None and key in self._queries:
            return self._queries[key]
        packed = self._packed
        if key == "cached":
            rows = packed.where(F.col("kind") == 1).select("part")
            fn = _pass_function(self._d, self._fit_id, payload)
        else:
            rows = packed.where(F.col("kind") == 0)
            if key != "streamed":  # the partitions whose cache file was not found
                rows = rows.where(F.col("part").isin(list(key)))
            rows = rows.select("x")
            fn = _pass_function(self._d, None, payload)
        query = rows.mapInArrow(fn, _STATS_SCHEMA)
        if payload is None and key in ("cached", "streamed"):
            self._queries[key] = query
        return query

    def run(self, model, empty=None):
        """One E-step over the cached rows: each partition's Stats, merged in partition order.
        With the executor cache, partitions read their memory-mapped files; those whose file is
        not on the host their task ran on are streamed from Spark's cache instead."""
        payload = _pass_payload(model, None if empty is None else empty.to_bytes())
        inline = payload if len(payload) > _PROPERTY_MAX_BYTES or not self._pinned else None
        self._sc.setLocalProperty(_PASS_PROPERTY, None if inline else payload)
        try:
            stats = {}
            missing = None
            if self._fit_id is not None:
                got = self._query("cached", inline).toArrow()
                parts = got.column("part").to_pylist()
                for part, blob in zip(parts, got.column("stats").to_pylist()):
                    if blob is not None:
                        stats[part] = blob
                missing = sorted(set(parts) - set(stats))
            if missing is None or missing:
                key = tuple(missing) if missing else "streamed"
                got = self._query(key, inline).toArrow()
                parts = got.column("part").to_pylist()
                # (a partition filtered empty still answers, with empty stats: keep the missing)
                for part, blob in zip(parts, got.column("stats").to_pylist()):
                    if missing is None or part in missing:
                        stats[part] = blob
        finally:
            self._sc.setLocalProperty(_PASS_PROPERTY, None)
        total = empty if empty is not None else _core.Stats(model)
        for part in sorted(stats):
            total.merge(_core.Stats.from_bytes(stats[part]))
        return total


def _drop_executor_cache(packed, fit_id):
    """Deletes the executor cache's files (a job over the partitions, then this host's folder)."""
    import shutil

    def drop(batches):
        from pyspark import TaskContext

        for _ in batches:
            pass
        ctx = TaskContext.get()
        part = ctx.partitionId() if ctx is not None else 0
        folder = _cache_dir(fit_id)
        try:
            os.remove(os.path.join(folder, f"part-{part}.arrow"))
            os.rmdir(folder)
        except OSError:
            pass
        yield pa.RecordBatch.from_arrays([pa.array([part], pa.int32())], names=["part"])

    try:
        packed.where(F.col("kind") == 1).select("part").mapInArrow(drop, "part int").collect()
    finally:
        shutil.rmtree(_cache_dir(fit_id), ignore_errors=True)


def _check_reports(reports, names):
    """The number of rows, after failing on a null, NaN or infinite value (naming its column)."""
    d = len(names)
    bad = np.zeros(3 * d, dtype=np.int64)
    for counts in reports.column("bad").to_pylist():
        bad += np.asarray(counts, dtype=np.int64)
    for i, name in enumerate(names):
        nulls, nans, infs = (int(v) for v in bad[3 * i:3 * i + 3])
        if nulls:
            what = "null value(s)" if "[" not in name else "null value(s) (or vectors too short)"
            raise _invalid(
                "data",
                f"column {name!r} holds {nulls} {what}; emviz needs a number in every row "
                f"(drop or fill them first, e.g. df.dropna())",
            )
        if nans:
            raise _invalid(
                "data", f"column {name!r} holds {nans} NaN value(s), which are not finite numbers"
            )
        if infs:
            raise _invalid(
                "data", f"column {name!r} holds {infs} infinite value(s), which are not finite numbers"
            )
    return int(sum(reports.column("n").to_pylist()))


# ----------------------------------------------------------------------------- MLlib's models


def _read_mllib_parts(path):
    """(metadata dict, arrow table of the data) of a saved MLlib model, read with pyarrow."""
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    if "://" in str(path):
        fs, root = pafs.FileSystem.from_uri(str(path))
    else:
        fs, root = pafs.LocalFileSystem(), os.path.abspath(str(path))
    meta = None
    infos = fs.get_file_info(pafs.FileSelector(f"{root}/metadata", allow_not_found=True))
    for info in sorted(infos, key=lambda i: i.path):
        base = info.base_name
        if info.type != pafs.FileType.File or base.startswith((".", "_")):
            continue
        with fs.open_input_stream(info.path) as f:
            text = f.read().decode("utf-8").strip()
        if text:
            meta = json.loads(text.splitlines()[0])
            break
    if meta is None:
        raise _invalid("path", f"{path!r} holds no MLlib model (no metadata/part-* file)")
    data_files = [
        i.path
        for i in fs.get_file_info(pafs.FileSelector(f"{root}/data", allow_not_found=True))
        if i.type == pafs.FileType.File and i.base_name.endswith(".parquet")
    ]
    if not data_files:
        raise _invalid("path", f"{path!r} holds no MLlib model data (data/*.parquet)")
    table = pa.concat_tables(pq.read_table(p, filesystem=fs) for p in sorted(data_files))
    return meta, table


def _vector(v):
    """An MLlib vector as stored in Parquet (struct type/size/indices/values) → numpy."""
    if v["type"] == 1:  # dense
        return np.asarray(v["values"], dtype=np.float64)
    out = np.zeros(v["size"])
    out[np.asarray(v["indices"], dtype=int)] = v["values"]
    return out


def _matrix(m):
    """An MLlib matrix as stored in Parquet → numpy (rows × cols)."""
    r, c = m["numRows"], m["numCols"]
    vals = np.asarray(m["values"], dtype=np.float64)
    transposed = bool(m.get("isTransposed"))
    if m["type"] == 1:  # dense, column-major unless transposed
        return vals.reshape(r, c) if transposed else vals.reshape(c, r).T
    out = np.zeros((r, c))
    ptrs, idx = m["colPtrs"], m["rowIndices"]
    for j in range(len(ptrs) - 1):  # CSC (CSR when transposed)
        for p in range(ptrs[j], ptrs[j + 1]):
            if transposed:
                out[j, idx[p]] = vals[p]
            else:
                out[idx[p], j] = vals[p]
    return out


def load_mllib(path):
    """Reads a model saved by MLlib's ``GaussianMixtureModel.save(path)`` (its metadata JSON and
    Parquet data, read with pyarrow: no Spark session needed) as an emviz.spark
    ``GaussianMixtureModel`` (full covariances) with MLlib's column parameters. Its ``transform``
    gives MLlib's probabilities (to rounding), and ``to_json()`` / ``to_sklearn()`` take it to the
    page, the CLI and the notebook widget."""
    meta, table = _read_mllib_parts(path)
    cls = meta.get("class", "")
    if not cls.endswith("GaussianMixtureModel"):
        raise _invalid("path", f"{path!r} holds a {cls or 'model of unknown class'}, not an MLlib "
                               "GaussianMixtureModel")
    rows = table.to_pylist()
    if len(rows) != 1:
        raise _invalid("path", f"{path!r}: expected one row of model data, found {len(rows)}")
    row = rows[0]
    weights = np.asarray(row["weights"], dtype=np.float64)
    means = np.array([_vector(v) for v in row["mus"]])
    covs = np.array([_matrix(m) for m in row["sigmas"]])
    covs = (covs + np.transpose(covs, (0, 2, 1))) / 2  # exactly symmetric
    model = _core.Model("full", weights, np.ascontiguousarray(means), np.ascontiguousarray(covs))
    out = GaussianMixtureModel(model)
    params = {**meta.get("defaultParamMap", {}), **meta.get("paramMap", {})}
    for name in ("featuresCol", "predictionCol", "probabilityCol", "tol", "maxIter", "seed"):
        if name in params and out.hasParam(name):
            out._set(**{name: params[name]})
    return out
