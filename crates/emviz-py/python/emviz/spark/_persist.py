"""pyspark.ml's persistence: ``save(path)``, ``write().overwrite().save(path)``, ``load(path)``."""

from __future__ import annotations

import json

from pyspark.ml.util import (
    DefaultParamsReader,
    DefaultParamsWriter,
    MLReadable,
    MLReader,
    MLWritable,
    MLWriter,
)

from ._convert import _core_model_from, _model_json
from ._features import _invalid

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
            value = json.loads(_model_json(model, names))
        out[param.name] = value
    return out


def _is_model(instance):
    """Whether ``instance`` is a fitted model (it saves model data), not an estimator."""
    return callable(getattr(instance, "_saved_start", None))


class _Writer(MLWriter):
    """pyspark.ml's writer convention: ``path/metadata`` (one line of JSON: class, uid, Spark
    version, paramMap, defaultParamMap — as ``DefaultParamsWriter``), and for a model the emviz
    model JSON at ``path/data/model.json``. (A model says what it saves through ``_saved_start``
    and ``to_json``, so this module needs nothing of ``_model``, which imports it.)"""

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
        if _is_model(inst):
            extra = {"emviz": {"data": _MODEL_FILE, "start": inst._saved_start()}}
        DefaultParamsWriter.saveMetadata(inst, str(path), spark, extraMetadata=extra,
                                         paramMap=_json_params(inst))
        if _is_model(inst):
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
        if hasattr(self.cls, "_from_saved"):  # a model: its data too
            data = meta.get("emviz", {}).get("data", _MODEL_FILE)
            try:
                text = spark.read.text(f"{base}/{data}", wholetext=True).first()[0]
            except Exception as e:
                raise _invalid("path", f"{path!r} has no model data ({data})") from e
            instance = self.cls._from_saved(json.loads(text), meta.get("emviz", {}).get("start"))
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
